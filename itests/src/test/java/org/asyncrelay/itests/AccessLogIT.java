package org.asyncrelay.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The access log of bin/relay: its own file beside karaf.log, JSON or text, switched at runtime. */
class AccessLogIT {

    @TempDir
    Path work;

    final List<Process> started = new ArrayList<>();

    @RegisterExtension
    final ProcessEvidence evidence = new ProcessEvidence(() -> work, () -> started);

    @AfterEach
    void killLeftovers() {
        started.forEach(RelayProcess::kill);
    }

    static String yaml(int port, int backend, int webPort, String accessLog) {
        return "web_ui: {enabled: true, port: " + webPort + "}\n"
                + accessLog
                + "services:\n"
                + "  - name: mixed\n"
                + "    protocol: both\n"
                + "    listen: {address: 127.0.0.1, port: " + port + "}\n"
                + "    udp_idle_timeout: 1\n"
                + "    backends: [\"127.0.0.1:" + backend + "\"]\n";
    }

    @Test
    void aLinePerConnectionAndSessionInAccessLogSwitchedByTheFile() throws Exception {
        try (Loopback.BothEcho backend = Loopback.bothEcho("E:", "U:")) {
            runWith(backend.port());
        }
    }

    private void runWith(int backend) throws Exception {
        int port = Loopback.freePort();
        int webPort = Loopback.freePort();
        Path file = work.resolve("relay.yaml");
        Path state = work.resolve("state");
        Files.writeString(file, yaml(port, backend, webPort, "access_log: {format: json}\n"));
        Process relay = RelayProcess.start(
                RelayProcess.HOME,
                work,
                work.resolve("stdout.txt"),
                work.resolve("stderr.txt"),
                null,
                RelayProcess.PRODUCT_DEFAULTS,
                "-c",
                file.toString(),
                "--reload-delay",
                "0.5",
                "--state-dir",
                state.toString());
        started.add(relay);
        Path accessLog = state.resolve("log/access.log");
        Http web = Http.at(webPort);
        await().atMost(RelayProcess.START).ignoreExceptions().until(() -> web.get("/api/status").status == 200);

        assertThat(Loopback.exchange(port, "ping")).isEqualTo("E:ping");
        assertThat(Loopback.datagram(port, "dns")).isEqualTo("U:dns");
        // the UDP session ends after its idle second
        List<JsonNode> json =
                await().atMost(Duration.ofSeconds(30)).until(() -> jsonLines(accessLog), l -> l.size() == 2);
        JsonNode tcp = json.stream()
                .filter(j -> j.get("protocol").asText().equals("tcp"))
                .findFirst()
                .orElseThrow();
        assertThat(tcp.get("service").asText()).isEqualTo("mixed");
        assertThat(tcp.get("client").asText()).startsWith("127.0.0.1:");
        assertThat(tcp.get("backend").asText()).isEqualTo("127.0.0.1:" + backend);
        assertThat(tcp.get("bytes_up").asLong()).isEqualTo(4);
        assertThat(tcp.get("bytes_down").asLong()).isEqualTo(6);
        assertThat(tcp.get("end").asText()).isEqualTo("client_closed");
        assertThat(tcp.get("duration_ms").asDouble()).isPositive();
        assertThat(tcp.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        JsonNode udp = json.stream()
                .filter(j -> j.get("protocol").asText().equals("udp"))
                .findFirst()
                .orElseThrow();
        assertThat(udp.get("backend").asText()).isEqualTo("127.0.0.1:" + backend);
        assertThat(udp.get("datagrams_up").asLong()).isEqualTo(1);
        assertThat(udp.get("datagrams_down").asLong()).isEqualTo(1);
        assertThat(udp.get("bytes_up").asLong()).isEqualTo(3);
        assertThat(udp.get("bytes_down").asLong()).isEqualTo(5);
        assertThat(udp.get("end").asText()).isEqualTo("idle_timeout");
        // not in the relay's own log
        assertThat(Files.readString(state.resolve("log/karaf.log"))).doesNotContain("\"bytes_up\"");

        // off in the file: the next connection writes nothing
        Files.writeString(file, yaml(port, backend, webPort, "access_log: {enabled: false}\n"));
        await().atMost(Duration.ofSeconds(30)).until(() -> stdout().contains("access log off"));
        assertThat(Loopback.exchange(port, "unlogged")).isEqualTo("E:unlogged");
        await().atMost(Duration.ofSeconds(30)).until(() -> tcpActive(web) == 0);

        // on again, as text
        Files.writeString(file, yaml(port, backend, webPort, "access_log: {enabled: true, format: text}\n"));
        await().atMost(Duration.ofSeconds(30)).until(() -> stdout().contains("access log on (text)"));
        assertThat(Loopback.exchange(port, "text")).isEqualTo("E:text");
        List<String> lines =
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.readAllLines(accessLog), l -> l.size() == 3);
        String text = lines.get(2);
        assertThat(text)
                .matches("\\S+ tcp mixed client=127\\.0\\.0\\.1:\\d+ backend=127\\.0\\.0\\.1:" + backend
                        + " bytes_up=4 bytes_down=6 duration_ms=\\d+\\.\\d{3} end=client_closed");

        relay.destroy();
        assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private String stdout() throws IOException {
        return Files.readString(work.resolve("stdout.txt"));
    }

    private static long tcpActive(Http web) throws Exception {
        return web.get("/api/status")
                .json()
                .get("services")
                .get(0)
                .get("stats")
                .get("tcp_active")
                .asLong();
    }

    private static List<JsonNode> jsonLines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> result = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            result.add(mapper.readTree(line));
        }
        return result;
    }
}
