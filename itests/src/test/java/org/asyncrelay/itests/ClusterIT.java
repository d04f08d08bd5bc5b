package org.asyncrelay.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.asyncrelay.itests.RelayCluster.awaitOneConfiguration;
import static org.asyncrelay.itests.RelayCluster.backend;
import static org.asyncrelay.itests.RelayCluster.cluster;
import static org.asyncrelay.itests.RelayCluster.cutOff;
import static org.asyncrelay.itests.RelayCluster.events;
import static org.asyncrelay.itests.RelayCluster.exchange;
import static org.asyncrelay.itests.RelayCluster.idleTimeout;
import static org.asyncrelay.itests.RelayCluster.service;
import static org.asyncrelay.itests.RelayCluster.services;
import static org.asyncrelay.itests.RelayCluster.state;
import static org.asyncrelay.itests.RelayCluster.web;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * #21: three relays listing each other as members, sharing configuration and backend state through
 * the cluster bundle: a change made on any member live on all (its propagation time measured), a
 * backend that fails on one skipped by the others, an operator's drain and enable on one applied by
 * all, a member killed and restarted, a member cut off and healed, and entries without the cluster's
 * MAC refused.
 *
 * <p>The tests share one cluster, started once (three JVMs starting at once take some 20 s of this
 * machine's two cores); each starts from the same state: every member running and in one cluster,
 * the services of the files in force, both backends answering and available everywhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final int NODES = 3;

    /** Shared by the tests, like the cluster: a static field is there before {@code @BeforeAll}. */
    @TempDir
    static Path work;

    RelayCluster relays;
    /** The services of the nodes' files, as {@code GET /api/config} shows them. */
    JsonNode fileServices;

    boolean nodeThreeCutOff;

    @RegisterExtension
    final ProcessEvidence evidence = new ProcessEvidence(() -> work, () -> relays == null ? List.of() : relays.started);

    @BeforeAll
    void startCluster() throws Exception {
        relays = new RelayCluster(work, NODES, "static", RelayProcess.PRODUCT_DEFAULTS);
        relays.startAll();
        fileServices = services(1);
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (relays != null) {
            relays.close();
        }
    }

    @BeforeEach
    void baseline() throws Exception {
        for (int i = 1; i <= NODES; i++) {
            if (!relays.nodes[i].isAlive()) {
                relays.start(i);
            }
        }
        awaitOneConfiguration(NODES, Duration.ofSeconds(120));
        if (!services(1).equals(fileServices)) {
            Http.Reply put = web(1).send("PUT", "/api/config", "text/yaml", relays.file(1));
            assertThat(put.status)
                    .as("the file's configuration put back: %s", put)
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                for (int i = 1; i <= NODES; i++) {
                    if (!services(i).equals(fileServices)) {
                        return false;
                    }
                }
                return true;
            });
        }
        if (!relays.first.process.isAlive()) {
            relays.first =
                    EchoProcess.start(null, ClusterLan.HOST, relays.first.port, work.resolve("echo-1-again.log"));
        }
        if (!relays.second.process.isAlive()) {
            relays.second =
                    EchoProcess.start(null, ClusterLan.HOST, relays.second.port, work.resolve("echo-2-again.log"));
        }
        for (EchoProcess echo : List.of(relays.first, relays.second)) {
            String backend = "{\"service\": \"echo\", \"backend\": \"" + echo.backend() + "\"}";
            for (int i = 1; i <= NODES; i++) {
                String state = state(i, echo);
                if (!state.equals("AVAILABLE")) {
                    String action = state.equals("COOLING") ? "reset-cooldown" : "enable";
                    Http.Reply r = web(i).json("POST", "/api/backends/" + action, backend);
                    assertThat(r.status).as("%s on node %d: %s", action, i, r).isEqualTo(200);
                }
            }
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> availableEverywhere(echo));
        }
    }

    static boolean availableEverywhere(EchoProcess echo) throws Exception {
        for (int i = 1; i <= NODES; i++) {
            if (!state(i, echo).equals("AVAILABLE")) {
                return false;
            }
        }
        return true;
    }

    @AfterEach
    void healTheLink() throws Exception {
        if (nodeThreeCutOff) {
            cutOff(3, false);
            nodeThreeCutOff = false;
        }
    }

    @Test
    @Order(1)
    void entriesWithoutTheClustersMacAreRefused() throws Exception {
        EchoProcess first = relays.first;
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
        long refused1 = cluster(1).get("refused_entries").asLong();
        long refused2 = cluster(2).get("refused_entries").asLong();
        HazelcastInstance intruder = Hazelcast.newHazelcastInstance(config);
        try {
            IMap<String, String> shared = intruder.getMap("asyncrelay.configuration");
            String forged = shared.get("configuration").replace("connect_timeout: 2", "connect_timeout: 9");
            shared.put("configuration", forged);
            IMap<String, String> backends = intruder.getMap("asyncrelay.backends");
            backends.put("echo/" + first.backend(), "cooling " + (System.currentTimeMillis() + 600_000));

            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> cluster(1).get("refused_entries").asLong() > refused1
                            && cluster(2).get("refused_entries").asLong() > refused2);
            // the last valid entry is back, and nobody took the forged one
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> shared.get("configuration").contains("connect_timeout: 2"));
            for (int i = 1; i <= NODES; i++) {
                assertThat(cluster(i).get("configuration").get("sha256").asText())
                        .isEqualTo(sha);
                assertThat(services(i).get(0).get("connect_timeout").asInt()).isEqualTo(2);
                assertThat(state(i, first)).isEqualTo("AVAILABLE");
            }
        } finally {
            intruder.shutdown();
        }
        ReliabilityResults.record(
                "cluster",
                "a member without the secret writes a configuration and a backend state",
                "both refused by every relay (counted in refused_entries); the valid configuration restored");
    }

    @Test
    @Order(2)
    void backendStateIsShared() throws Exception {
        EchoProcess first = relays.first;
        EchoProcess second = relays.second;
        List<String> hooksBefore = hookLines();
        List<String> events2 = events(2);
        List<String> events3 = events(3);
        // an operator's drain on one member applies on all, and so does the enable on another
        String drain = "{\"service\": \"echo\", \"backend\": \"" + second.backend() + "\"}";
        assertThat(web(2).json("POST", "/api/backends/drain", drain).status).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() ->
                        state(1, second).equals("DRAINING") && state(3, second).equals("DRAINING"));
        assertThat(web(3).json("POST", "/api/backends/enable", drain).status).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() ->
                        state(1, second).equals("AVAILABLE") && state(2, second).equals("AVAILABLE"));

        // a backend that fails on one member is skipped by the others, and its hook runs once
        int[] failuresOfFirst = failures(first);
        first.close();
        assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(exchange(1)).as("node 1 fails over to the second backend").isTrue();
        assertThat(state(1, first)).isEqualTo("COOLING");

        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() ->
                        state(2, first).equals("COOLING") && state(3, first).equals("COOLING"));
        for (int i = 2; i <= NODES; i++) {
            JsonNode b = backend(i, first.backend());
            assertThat(b.get("position").asInt())
                    .as("node %d: at the end of the queue", i)
                    .isEqualTo(1);
            assertThat(b.get("cooldown_remaining").asDouble()).isGreaterThan(1700);
            assertThat(b.get("state_reason").asText()).contains("another relay");
            // straight to the second backend: not one failure of their own
            assertThat(exchange(i)).isTrue();
            assertThat(backend(i, first.backend()).get("failures").asInt()).isEqualTo(failuresOfFirst[i]);
        }
        // the event (and so the hook) happened on node 1 only: the others applied the state quietly
        awaitHookLines(hooksBefore.size() + 1);
        assertThat(hookLines()).containsExactlyElementsOf(with(hooksBefore, "backend_failed " + first.port));
        assertThat(events(2)).isEqualTo(events2);
        assertThat(events(3)).isEqualTo(events3);

        // a recovery seen by one member ends the cooldown on all: the first backend comes back, the
        // second dies; node 1 finds the second failing, then every backend cooling, tries the first
        // anyway, and it answers
        EchoProcess back = EchoProcess.start(null, ClusterLan.HOST, first.port, work.resolve("echo-1b.log"));
        relays.first = back;
        int[] failuresOfSecond = failures(second);
        second.close();
        assertThat(second.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // (the connection that finds the second failing may end without a backend; the next tries all)
        boolean reached = exchange(1) || exchange(1);
        assertThat(reached)
                .as(
                        "node 1, every backend cooling, reaches the first; its pool: %s; the first's log: %s",
                        service(1, "echo").get("backend_pool"), Files.readString(work.resolve("echo-1b.log")))
                .isTrue();
        assertThat(state(1, back)).isEqualTo("AVAILABLE");
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> state(2, back).equals("AVAILABLE")
                        && state(3, back).equals("AVAILABLE")
                        && state(2, second).equals("COOLING")
                        && state(3, second).equals("COOLING"));
        assertThat(exchange(2)).isTrue();
        assertThat(backend(2, second.backend()).get("failures").asInt()).isEqualTo(failuresOfSecond[2]);
        awaitHookLines(hooksBefore.size() + 2);
        assertThat(hookLines())
                .containsExactlyElementsOf(
                        with(hooksBefore, "backend_failed " + first.port, "backend_failed " + second.port));
        assertThat(events(2)).isEqualTo(events2);
        assertThat(events(3)).isEqualTo(events3);
    }

    /** The failures each node counted for {@code echo}, by node number. */
    static int[] failures(EchoProcess echo) throws Exception {
        int[] f = new int[NODES + 1];
        for (int i = 1; i <= NODES; i++) {
            f[i] = backend(i, echo.backend()).get("failures").asInt();
        }
        return f;
    }

    List<String> hookLines() throws Exception {
        return Files.exists(relays.hooks()) ? Files.readAllLines(relays.hooks()) : List.of();
    }

    static List<String> with(List<String> before, String... lines) {
        List<String> all = new ArrayList<>(before);
        all.addAll(List.of(lines));
        return all;
    }

    void awaitHookLines(int lines) {
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> hookLines().size() >= lines);
    }

    @Test
    @Order(3)
    void aSplitClusterKeepsServingOnBothSidesAndConvergesWhenItHeals() throws Exception {
        nodeThreeCutOff = true;
        cutOff(3, true);
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> cluster(1).get("members").size() == 2
                        && cluster(3).get("members").size() == 1);
        String yaml = Files.readString(relays.yaml(1))
                .replace("    connect_timeout: 2\n", "    connect_timeout: 2\n    idle_timeout: 300\n");
        assertThat(web(1).send("PUT", "/api/config", "text/yaml", yaml).status).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> idleTimeout(2) == 300);
        // the side cut off goes on with the configuration it had
        assertThat(exchange(3)).isTrue();
        assertThat(idleTimeout(3)).isEqualTo(60);
        assertThat(exchange(1)).isTrue();

        long t0 = System.nanoTime();
        cutOff(3, false);
        nodeThreeCutOff = false;
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

    @Test
    @Order(4)
    void aMemberKilledLeavesTheOthersServingAndARestartedOneCatchesUp() throws Exception {
        RelayProcess.kill(relays.nodes[3]);
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> cluster(1).get("members").size() == 2
                        && cluster(2).get("members").size() == 2);
        assertThat(exchange(1)).isTrue();
        assertThat(exchange(2)).isTrue();

        // a change while node 3 is away
        String yaml = Files.readString(relays.yaml(1))
                .replace(
                        "cluster:\n",
                        "  - name: late\n    protocol: tcp\n    listen: {port: 7001}\n    backends: [\""
                                + relays.second.backend() + "\"]\ncluster:\n");
        assertThat(web(1).send("PUT", "/api/config", "text/yaml", yaml).status).isEqualTo(200);
        String sha = awaitOneConfiguration(2, Duration.ofSeconds(30));

        long t0 = System.nanoTime();
        relays.start(3);
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
        assertThat(awaitOneConfiguration(NODES, Duration.ofSeconds(30))).isEqualTo(sha);
    }

    /** Last: it stops and starts the whole cluster. */
    @Test
    @Order(5)
    void aChangeMadeOnAnyMemberIsLiveOnAll() throws Exception {
        assertThat(cluster(1).get("members").findValuesAsText("address"))
                .containsExactlyInAnyOrderElementsOf(relays.memberAddresses());
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
            String yaml = Files.readString(relays.yaml(at))
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
                            if (services(i).get(0).get("idle_timeout").asInt() != expected) {
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
        assertThat(Files.readString(relays.yaml(2))).doesNotContain("idle_timeout");
        assertThat(web(2).get("/api/config/source").json().toString()).contains("cluster");

        // the whole cluster stopped and started again: the last change is not lost
        int last = 100 + changes - 1;
        for (int i = 1; i <= NODES; i++) {
            relays.kill(i);
        }
        relays.startAll();
        for (int i = 1; i <= NODES; i++) {
            assertThat(services(i).get(0).get("idle_timeout").asInt())
                    .as("idle_timeout on node %d after the whole cluster restarted", i)
                    .isEqualTo(last);
        }
    }
}
