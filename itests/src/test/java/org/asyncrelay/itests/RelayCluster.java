package org.asyncrelay.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * #21: bin/relay processes, each in a network namespace of its own (a host of the cluster), with
 * two echo backends on the test's address of the segment, and what the cluster tests ask of them.
 */
final class RelayCluster implements AutoCloseable {

    static final int WEB_PORT = 8088;
    static final int SERVICE_PORT = 7000;
    static final String SECRET = "it-cluster-secret-1";

    final Path work;
    final int size;
    /** How the nodes' files say to find the members: static (the list), multicast or kubernetes. */
    final String discovery;
    /** The environment bin/relay runs in, beside the test's own: what the nodes started next get. */
    final Map<String, String> env;

    final List<Process> started = new ArrayList<>();
    final Process[] nodes;
    final ClusterLan lan;
    EchoProcess first;
    EchoProcess second;

    RelayCluster(Path work, int size, String discovery, Map<String, String> env) throws Exception {
        this.work = work;
        this.size = size;
        this.discovery = discovery;
        this.env = new HashMap<>(env);
        this.nodes = new Process[size + 1];
        this.lan = new ClusterLan(size);
        this.first = EchoProcess.start(null, ClusterLan.HOST, Loopback.freePort(), work.resolve("echo-1.log"));
        this.second = EchoProcess.start(null, ClusterLan.HOST, Loopback.freePort(), work.resolve("echo-2.log"));
    }

    @Override
    public void close() throws Exception {
        started.forEach(RelayProcess::kill);
        first.close();
        second.close();
        lan.close();
    }

    /** The file of node {@code i}: the services all share, its own web UI address and cluster block. */
    String file(int i) {
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
                + "      args: [\"-c\", \"echo $RELAY_EVENT_TYPE $RELAY_BACKEND_PORT >> " + hooks() + "\"]\n"
                + "      events: [backend_failed]\n"
                + "cluster:\n"
                + "  name: it\n"
                + "  listen: {address: " + (discovery.equals("kubernetes") ? "0.0.0.0" : ClusterLan.address(i))
                + ", port: 5701}\n"
                + (discovery.equals("static")
                        ? "  members: [" + String.join(", ", members()) + "]\n"
                        : "  discovery: " + discovery + "\n")
                + "  secret: \"" + SECRET + "\"\n";
    }

    /** Where the nodes' hooks write a line per event: {@code TYPE PORT}. */
    Path hooks() {
        return work.resolve("hooks.txt");
    }

    Path yaml(int i) {
        return work.resolve("node-" + i).resolve("relay.yaml");
    }

    List<String> members() {
        List<String> m = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            m.add("\"" + ClusterLan.address(i) + ":5701\"");
        }
        return m;
    }

    /** The members' addresses as the cluster lists them. */
    List<String> memberAddresses() {
        List<String> m = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            m.add(ClusterLan.address(i) + ":5701");
        }
        return m;
    }

    Process start(int i) throws IOException {
        Path dir = work.resolve("node-" + i);
        Files.createDirectories(dir);
        Path yaml = yaml(i);
        if (!Files.exists(yaml)) {
            Files.writeString(yaml, file(i));
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
    private Map<String, String> nodeEnvironment(int i) {
        Map<String, String> e = new HashMap<>(env);
        e.put("HOSTNAME", "relay-" + i);
        return e;
    }

    /** Starts every node and waits until they form one cluster with one configuration. */
    void startAll() throws Exception {
        for (int i = 1; i <= size; i++) {
            start(i);
        }
        awaitOneConfiguration(size, Duration.ofSeconds(120));
    }

    void kill(int i) throws InterruptedException {
        RelayProcess.kill(nodes[i]);
        nodes[i].waitFor();
    }

    static Http web(int i) {
        return Http.at(ClusterLan.address(i), WEB_PORT).as("admin", "pw");
    }

    static JsonNode cluster(int i) throws Exception {
        Http.Reply r = web(i).get("/api/cluster");
        assertThat(r.status).as("GET /api/cluster of node %d: %s", i, r).isEqualTo(200);
        return r.json();
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

    /** The services in force on node {@code i}, as {@code GET /api/config} shows them. */
    static JsonNode services(int i) throws Exception {
        return web(i).get("/api/config").json().get("config").get("services");
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

    static String state(int node, EchoProcess echo) throws Exception {
        return backend(node, echo.backend()).get("state").asText();
    }

    /** The backend events node {@code i} posted (recorded as they are posted, before any hook runs). */
    static List<String> events(int i) throws Exception {
        return web(i).get("/api/events").json().get("events").findValuesAsText("event");
    }

    static int idleTimeout(int node) throws Exception {
        return services(node).get(0).path("idle_timeout").asInt(60);
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

    /** Cuts node {@code i} off the cluster's port, in both directions; its clients still reach it. */
    static void cutOff(int i, boolean cut) throws Exception {
        for (String chain : List.of("INPUT", "OUTPUT")) {
            List<String> c = new ArrayList<>(ClusterLan.inside(i));
            c.addAll(
                    List.of("iptables-legacy", cut ? "-A" : "-D", chain, "-p", "tcp", "--dport", "5701", "-j", "DROP"));
            ReliabilityFaultsIT.Netns.run(c.toArray(String[]::new));
        }
    }
}
