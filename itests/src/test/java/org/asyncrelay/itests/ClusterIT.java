package org.asyncrelay.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * #21: three bin/relay processes, each in a network namespace of its own (a host of the cluster),
 * sharing configuration and backend state through the cluster bundle: a change made on any member
 * live on all (its propagation time measured), a backend that fails on one skipped by the others,
 * an operator's drain and enable on one applied by all,
 * a member killed and restarted, and entries without the cluster's MAC refused.
 */
class ClusterIT {

    static final int NODES = 3;
    static final int WEB_PORT = 8088;
    static final int SERVICE_PORT = 7000;
    static final String SECRET = "it-cluster-secret-1";

    @TempDir
    Path work;

    /** How the nodes' files say to find the members: static (the list), multicast or kubernetes. */
    String discovery = "static";
    /** The environment bin/relay runs in, beside the test's own. */
    Map<String, String> env = RelayProcess.PRODUCT_DEFAULTS;

    final List<Process> started = new ArrayList<>();
    final Process[] nodes = new Process[NODES + 1];
    ClusterLan lan;
    EchoProcess first;
    EchoProcess second;

    @RegisterExtension
    final ProcessEvidence evidence = new ProcessEvidence(() -> work, () -> started);

    @BeforeEach
    void lan() throws Exception {
        lan = new ClusterLan(NODES);
        first = EchoProcess.start(null, ClusterLan.HOST, Loopback.freePort(), work.resolve("echo-1.log"));
        second = EchoProcess.start(null, ClusterLan.HOST, Loopback.freePort(), work.resolve("echo-2.log"));
    }

    @AfterEach
    void stop() throws Exception {
        started.forEach(RelayProcess::kill);
        first.close();
        second.close();
        lan.close();
    }

    /** The file of node {@code i}: the services all share, its own web UI address and cluster block. */
    String file(int i, String extraServices) {
        return "web_ui:\n"
                + "  enabled: true\n"
                + "  listen_address: " + ClusterLan.address(i) + "\n"
                + "  port: " + WEB_PORT + "\n"
                + "  auth: {enabled: true, username: admin, password: pw}\n"
                + "services:\n"
                + "  - name: echo\n"
                + "    protocol: tcp\n"
                + "    listen: {address: 0.0.0.0, port: " + SERVICE_PORT + "}\n"
                + "    backends: [\"" + first.backend() + "\", \"" + second.backend() + "\"]\n"
                + "    connect_timeout: 2\n"
                + "    event_hook:\n"
                + "      command: /bin/sh\n"
                + "      args: [\"-c\", \"echo $RELAY_EVENT_TYPE $RELAY_BACKEND_PORT >> " + work.resolve("hooks.txt")
                + "\"]\n"
                + "      events: [backend_failed]\n"
                + extraServices
                + "cluster:\n"
                + "  name: it\n"
                + "  listen: {address: " + (discovery.equals("kubernetes") ? "0.0.0.0" : ClusterLan.address(i))
                + ", port: 5701}\n"
                + (discovery.equals("static")
                        ? "  members: [" + String.join(", ", members()) + "]\n"
                        : "  discovery: " + discovery + "\n")
                + "  secret: \"" + SECRET + "\"\n";
    }

    static List<String> members() {
        List<String> m = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            m.add("\"" + ClusterLan.address(i) + ":5701\"");
        }
        return m;
    }

    Process start(int i) throws IOException {
        Path dir = work.resolve("node-" + i);
        Files.createDirectories(dir);
        Path yaml = dir.resolve("relay.yaml");
        if (!Files.exists(yaml)) {
            Files.writeString(yaml, file(i, ""));
        }
        Process p = RelayProcess.start(
                RelayProcess.HOME,
                dir,
                dir.resolve("stdout.txt"),
                dir.resolve("stderr.txt"),
                null,
                nodeEnvironment(i),
                ClusterLan.inside(i),
                "-c",
                yaml.toString(),
                "--state-dir",
                dir.resolve("state").toString());
        started.add(p);
        nodes[i] = p;
        return p;
    }

    /** A pod's HOSTNAME is its name: the Kubernetes discovery asks the API server for its own pod by it. */
    Map<String, String> nodeEnvironment(int i) {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("HOSTNAME", "relay-" + i);
        return e;
    }

    static Http web(int i) {
        return Http.at(ClusterLan.address(i), WEB_PORT).as("admin", "pw");
    }

    static JsonNode cluster(int i) throws Exception {
        Http.Reply r = web(i).get("/api/cluster");
        assertThat(r.status).as("GET /api/cluster of node %d: %s", i, r).isEqualTo(200);
        return r.json();
    }

    /** Starts every node and waits until they form one cluster with one configuration. */
    void startCluster() throws Exception {
        for (int i = 1; i <= NODES; i++) {
            start(i);
        }
        awaitOneConfiguration(NODES, Duration.ofSeconds(120));
    }

    /** Waits until {@code count} nodes (from 1) see {@code count} members and have the same configuration in force. */
    static String awaitOneConfiguration(int count, Duration within) {
        String[] sha = new String[1];
        await().atMost(within)
                .pollInterval(Duration.ofMillis(20))
                .ignoreExceptions()
                .until(() -> {
                    String seen = null;
                    for (int i = 1; i <= count; i++) {
                        JsonNode c = cluster(i);
                        if (c.get("members").size() != count
                                || !c.get("configuration_matches").asBoolean()) {
                            return false;
                        }
                        String s = c.get("configuration").get("sha256").asText();
                        if (seen != null && !seen.equals(s)) {
                            return false;
                        }
                        seen = s;
                    }
                    sha[0] = seen;
                    return true;
                });
        return sha[0];
    }

    static JsonNode service(int node, String name) throws Exception {
        for (JsonNode s : web(node).get("/api/status").json().get("services")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        return null;
    }

    static JsonNode backend(int node, String address) throws Exception {
        for (JsonNode b : service(node, "echo").get("backend_pool").get("backends")) {
            if (b.get("address").asText().equals(address)) {
                return b;
            }
        }
        throw new AssertionError("no backend " + address + " on node " + node);
    }

    /** One exchange through node {@code i}'s service; true when the echo came back. */
    static boolean exchange(int i) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ClusterLan.address(i), SERVICE_PORT), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] got = in.readNBytes(5);
            return Arrays.equals(got, "ping\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aChangeMadeOnAnyMemberIsLiveOnAll() throws Exception {
        startCluster();
        JsonNode members = cluster(1).get("members");
        assertThat(members).hasSize(NODES);
        assertThat(members.findValuesAsText("address"))
                .containsExactlyInAnyOrder(
                        ClusterLan.address(1) + ":5701",
                        ClusterLan.address(2) + ":5701",
                        ClusterLan.address(3) + ":5701");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cluster(2).get("members").findValuesAsText("healthy").stream()
                        .allMatch("true"::equals));
        for (int i = 1; i <= NODES; i++) {
            assertThat(exchange(i)).as("an exchange through node %d", i).isTrue();
        }

        int changes = Integer.getInteger("cluster.changes", 100);
        List<Long> millis = new ArrayList<>();
        for (int n = 0; n < changes; n++) {
            int at = 1 + n % NODES;
            String yaml = Files.readString(work.resolve("node-" + at).resolve("relay.yaml"))
                    .replace(
                            "    connect_timeout: 2\n",
                            "    connect_timeout: 2\n    idle_timeout: " + (100 + n) + "\n");
            long t0 = System.nanoTime();
            Http.Reply put = web(at).send("PUT", "/api/config", "text/yaml", yaml);
            assertThat(put.status).as("PUT /api/config on node %d: %s", at, put).isEqualTo(200);
            int expected = 100 + n;
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(10))
                    .ignoreExceptions()
                    .until(() -> {
                        for (int i = 1; i <= NODES; i++) {
                            if (web(i).get("/api/config")
                                            .json()
                                            .get("config")
                                            .get("services")
                                            .get(0)
                                            .get("idle_timeout")
                                            .asInt()
                                    != expected) {
                                return false;
                            }
                        }
                        return true;
                    });
            millis.add((System.nanoTime() - t0) / 1_000_000);
        }
        awaitOneConfiguration(NODES, Duration.ofSeconds(30));
        List<Long> sorted = millis.stream().sorted().toList();
        ReliabilityResults.record(
                "cluster",
                "a configuration change on one member live on all 3 (PUT /api/config to the change read back from every member)",
                changes + " changes: median " + sorted.get(sorted.size() / 2) + " ms, max "
                        + sorted.get(sorted.size() - 1) + " ms");
        // the file of each node is untouched: what the cluster shares is the runtime override
        assertThat(Files.readString(work.resolve("node-2").resolve("relay.yaml")))
                .doesNotContain("idle_timeout");
        assertThat(web(2).get("/api/config/source").json().toString()).contains("cluster");

        // the whole cluster stopped and started again: the last change is not lost
        int last = 100 + changes - 1;
        for (int i = 1; i <= NODES; i++) {
            RelayProcess.kill(nodes[i]);
            nodes[i].waitFor();
        }
        startCluster();
        for (int i = 1; i <= NODES; i++) {
            assertThat(web(i).get("/api/config")
                            .json()
                            .get("config")
                            .get("services")
                            .get(0)
                            .get("idle_timeout")
                            .asInt())
                    .as("idle_timeout on node %d after the whole cluster restarted", i)
                    .isEqualTo(last);
        }
    }

    @Test
    void backendStateIsShared() throws Exception {
        startCluster();
        // an operator's drain on one member applies on all, and so does the enable on another
        String drain = "{\"service\": \"echo\", \"backend\": \"" + second.backend() + "\"}";
        assertThat(web(2).json("POST", "/api/backends/drain", drain).status).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> backend(1, second.backend()).get("state").asText().equals("DRAINING")
                        && backend(3, second.backend()).get("state").asText().equals("DRAINING"));
        assertThat(web(3).json("POST", "/api/backends/enable", drain).status).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> backend(1, second.backend()).get("state").asText().equals("AVAILABLE")
                        && backend(2, second.backend()).get("state").asText().equals("AVAILABLE"));

        // a backend that fails on one member is skipped by the others, and its hook runs once
        first.close();
        assertThat(first.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        assertThat(exchange(1)).as("node 1 fails over to the second backend").isTrue();
        assertThat(backend(1, first.backend()).get("state").asText()).isEqualTo("COOLING");

        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> backend(2, first.backend()).get("state").asText().equals("COOLING")
                        && backend(3, first.backend()).get("state").asText().equals("COOLING"));
        for (int i = 2; i <= NODES; i++) {
            JsonNode b = backend(i, first.backend());
            assertThat(b.get("position").asInt())
                    .as("node %d: at the end of the queue", i)
                    .isEqualTo(1);
            assertThat(b.get("cooldown_remaining").asDouble()).isGreaterThan(1700);
            assertThat(b.get("state_reason").asText()).contains("another relay");
            // straight to the second backend: not one failure of their own
            assertThat(exchange(i)).isTrue();
            assertThat(backend(i, first.backend()).get("failures").asInt()).isZero();
        }
        // the event (and so the hook) happened on node 1 only: the others applied the state quietly
        awaitHookLines(1);
        assertThat(Files.readAllLines(work.resolve("hooks.txt"))).containsExactly("backend_failed " + first.port);
        assertThat(events(2)).isEmpty();
        assertThat(events(3)).isEmpty();

        // a recovery seen by one member ends the cooldown on all: the first backend comes back, the
        // second dies; node 1 finds the second failing, then every backend cooling, tries the first
        // anyway, and it answers
        first = EchoProcess.start(null, ClusterLan.HOST, first.port, work.resolve("echo-1b.log"));
        second.close();
        assertThat(second.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        // (the connection that finds the second failing may end without a backend; the next tries all)
        boolean reached = exchange(1) || exchange(1);
        assertThat(reached)
                .as(
                        "node 1, every backend cooling, reaches the first; its pool: %s; the first's log: %s",
                        service(1, "echo").get("backend_pool"), Files.readString(work.resolve("echo-1b.log")))
                .isTrue();
        assertThat(backend(1, first.backend()).get("state").asText()).isEqualTo("AVAILABLE");
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> backend(2, first.backend()).get("state").asText().equals("AVAILABLE")
                        && backend(3, first.backend()).get("state").asText().equals("AVAILABLE")
                        && backend(2, second.backend()).get("state").asText().equals("COOLING")
                        && backend(3, second.backend()).get("state").asText().equals("COOLING"));
        assertThat(exchange(2)).isTrue();
        assertThat(backend(2, second.backend()).get("failures").asInt()).isZero();
        awaitHookLines(2);
        assertThat(Files.readAllLines(work.resolve("hooks.txt")))
                .containsExactly("backend_failed " + first.port, "backend_failed " + second.port);
        assertThat(events(2)).isEmpty();
        assertThat(events(3)).isEmpty();
    }

    void awaitHookLines(int lines) {
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> Files.readAllLines(work.resolve("hooks.txt")).size() >= lines);
    }

    /** The backend events node {@code i} posted (recorded as they are posted, before any hook runs). */
    static List<String> events(int i) throws Exception {
        return web(i).get("/api/events").json().get("events").findValuesAsText("event");
    }

    @Test
    void aMemberKilledLeavesTheOthersServingAndARestartedOneCatchesUp() throws Exception {
        startCluster();
        RelayProcess.kill(nodes[3]);
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> cluster(1).get("members").size() == 2
                        && cluster(2).get("members").size() == 2);
        assertThat(exchange(1)).isTrue();
        assertThat(exchange(2)).isTrue();

        // a change while node 3 is away
        String yaml = Files.readString(work.resolve("node-1").resolve("relay.yaml"))
                .replace(
                        "cluster:\n",
                        "  - name: late\n    protocol: tcp\n    listen: {port: 7001}\n    backends: [\""
                                + second.backend() + "\"]\ncluster:\n");
        assertThat(web(1).send("PUT", "/api/config", "text/yaml", yaml).status).isEqualTo(200);
        String sha = awaitOneConfiguration(2, Duration.ofSeconds(30));

        long t0 = System.nanoTime();
        start(3);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> {
                    JsonNode c = cluster(3);
                    JsonNode late = service(3, "late");
                    return c.get("configuration").get("sha256").asText().equals(sha)
                            && c.get("configuration_matches").asBoolean()
                            && late != null
                            && late.get("state").asText().equals("RUNNING");
                });
        long catchUp = (System.nanoTime() - t0) / 1_000_000;
        ReliabilityResults.record(
                "cluster",
                "a member SIGKILLed, the others go on; restarted, it takes the change made while it was away",
                "seen gone by both others; caught up " + catchUp + " ms after its start (bin/relay start included)");
        assertThat(awaitOneConfiguration(3, Duration.ofSeconds(30))).isEqualTo(sha);
    }

    /** Cuts node {@code i} off the cluster's port, in both directions; its clients still reach it. */
    static void cutOff(int i, boolean cut) throws Exception {
        for (String chain : List.of("INPUT", "OUTPUT")) {
            List<String> c = new ArrayList<>(ClusterLan.inside(i));
            c.addAll(
                    List.of("iptables-legacy", cut ? "-A" : "-D", chain, "-p", "tcp", "--dport", "5701", "-j", "DROP"));
            ReliabilityFaultsIT.Netns.run(c.toArray(String[]::new));
        }
    }

    static int idleTimeout(int node) throws Exception {
        return web(node)
                .get("/api/config")
                .json()
                .get("config")
                .get("services")
                .get(0)
                .path("idle_timeout")
                .asInt(60);
    }

    @Test
    void aSplitClusterKeepsServingOnBothSidesAndConvergesWhenItHeals() throws Exception {
        startCluster();
        cutOff(3, true);
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> cluster(1).get("members").size() == 2
                        && cluster(3).get("members").size() == 1);
        String yaml = Files.readString(work.resolve("node-1").resolve("relay.yaml"))
                .replace("    connect_timeout: 2\n", "    connect_timeout: 2\n    idle_timeout: 300\n");
        assertThat(web(1).send("PUT", "/api/config", "text/yaml", yaml).status).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> idleTimeout(2) == 300);
        // the side cut off goes on with the configuration it had
        assertThat(exchange(3)).isTrue();
        assertThat(idleTimeout(3)).isEqualTo(60);
        assertThat(exchange(1)).isTrue();

        long t0 = System.nanoTime();
        cutOff(3, false);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> cluster(3).get("members").size() == 3 && idleTimeout(3) == 300);
        long healed = (System.nanoTime() - t0) / 1_000_000;
        awaitOneConfiguration(NODES, Duration.ofSeconds(30));
        ReliabilityResults.record(
                "cluster",
                "a member cut off the cluster's port (iptables in its namespace) while a change is made on the other side",
                "both sides kept serving; one configuration again " + healed + " ms after the link healed");
    }

    /** Each node lists the three members at their addresses and relays a connection. */
    void everyNodeSeesEveryMemberAndRelays() throws Exception {
        for (int i = 1; i <= NODES; i++) {
            assertThat(cluster(i).get("members").findValuesAsText("address"))
                    .as("members seen by node %d", i)
                    .containsExactlyInAnyOrder(
                            ClusterLan.address(1) + ":5701",
                            ClusterLan.address(2) + ":5701",
                            ClusterLan.address(3) + ":5701");
            assertThat(exchange(i)).isTrue();
        }
    }

    @Test
    void membersFindEachOtherByMulticast() throws Exception {
        discovery = "multicast";
        startCluster();
        everyNodeSeesEveryMemberAndRelays();
        assertThat(Files.readString(work.resolve("node-1").resolve("relay.yaml")))
                .contains("discovery: multicast");
    }

    /**
     * Hazelcast's Kubernetes discovery as a pod runs it: the API server's address, the service
     * account's token and the namespace from the environment, {@code listen.address: 0.0.0.0}
     * because a pod cannot know its IP in advance. The API server is a stand-in answering for pods
     * that are this test's network namespaces.
     */
    @Test
    void membersFindEachOtherThroughTheKubernetesApi() throws Exception {
        List<KubernetesApiStandIn.Pod> pods = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            pods.add(new KubernetesApiStandIn.Pod("relay-" + i, ClusterLan.address(i), 5701, true));
        }
        try (KubernetesApiStandIn api = new KubernetesApiStandIn(ClusterLan.HOST, "edge", "it-sa-token", pods, work)) {
            discovery = "kubernetes";
            env = new java.util.HashMap<>(RelayProcess.PRODUCT_DEFAULTS);
            env.put("HAZELCAST_KUBERNETES_KUBERNETES_MASTER", api.url());
            env.put("HAZELCAST_KUBERNETES_API_TOKEN", "it-sa-token");
            env.put("HAZELCAST_KUBERNETES_CA_CERTIFICATE", api.caCertificate());
            env.put("KUBERNETES_NAMESPACE", "edge");
            startCluster();
            everyNodeSeesEveryMemberAndRelays();
            // found through the endpoint slices, as on a current Kubernetes; nothing asked without the token
            assertThat(api.requests)
                    .contains("GET /apis/discovery.k8s.io/v1/namespaces/edge/endpointslices 200")
                    .noneMatch(r -> r.endsWith(" 401"));
        }
    }

    @Test
    void entriesWithoutTheClustersMacAreRefused() throws Exception {
        startCluster();
        String sha = cluster(1).get("configuration").get("sha256").asText();
        Config config = new Config();
        config.setClusterName("it");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.partition.count", "23");
        config.setProperty("hazelcast.local.localAddress", ClusterLan.HOST);
        config.getNetworkConfig().setPort(5701).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(ClusterLan.HOST);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig()
                .getJoin()
                .getTcpIpConfig()
                .setEnabled(true)
                .addMember(ClusterLan.address(1) + ":5701");
        HazelcastInstance intruder = Hazelcast.newHazelcastInstance(config);
        try {
            IMap<String, String> shared = intruder.getMap("asyncrelay.configuration");
            String forged = shared.get("configuration").replace("connect_timeout: 2", "connect_timeout: 9");
            shared.put("configuration", forged);
            IMap<String, String> backends = intruder.getMap("asyncrelay.backends");
            backends.put("echo/" + first.backend(), "cooling " + (System.currentTimeMillis() + 600_000));

            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> cluster(1).get("refused_entries").asLong() > 0
                            && cluster(2).get("refused_entries").asLong() > 0);
            // the last valid entry is back, and nobody took the forged one
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> shared.get("configuration").contains("connect_timeout: 2"));
            for (int i = 1; i <= NODES; i++) {
                assertThat(cluster(i).get("configuration").get("sha256").asText())
                        .isEqualTo(sha);
                assertThat(web(i).get("/api/config")
                                .json()
                                .get("config")
                                .get("services")
                                .get(0)
                                .get("connect_timeout")
                                .asInt())
                        .isEqualTo(2);
                assertThat(backend(i, first.backend()).get("state").asText()).isEqualTo("AVAILABLE");
            }
        } finally {
            intruder.shutdown();
        }
        ReliabilityResults.record(
                "cluster",
                "a member without the secret writes a configuration and a backend state",
                "both refused by every relay (counted in refused_entries); the valid configuration restored");
    }
}
