package org.asyncrelay.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of bin/relay after known traffic, read by the Prometheus project's own parser
 * (Debian's python3-prometheus-client), in both formats, behind the web UI's authentication.
 */
class MetricsIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    final List<Process> started = new ArrayList<>();

    @RegisterExtension
    final ProcessEvidence evidence = new ProcessEvidence(() -> work, () -> started);

    @AfterEach
    void killLeftovers() {
        started.forEach(RelayProcess::kill);
    }

    /** A sample of the scrape: a family's sample name (with its suffix) and labels. */
    record Sample(String name, Map<String, String> labels, double value) {}

    @Test
    void countsWhatWasRelayedInBothFormatsBehindAuthentication() throws Exception {
        try (Loopback.BothEcho backend = Loopback.bothEcho("E:", "U:");
                java.net.ServerSocket checked = Loopback.echo("C:")) {
            int port = Loopback.freePort();
            int checkedPort = Loopback.freePort();
            int closed = Loopback.freePort();
            int webPort = Loopback.freePort();
            Path file = work.resolve("relay.yaml");
            Files.writeString(
                    file,
                    "web_ui:\n"
                            + "  enabled: true\n"
                            + "  port: " + webPort + "\n"
                            + "  auth: {enabled: true, username: scraper, password: \"s3cret-metrics\"}\n"
                            + "services:\n"
                            + "  - name: mixed\n"
                            + "    protocol: both\n"
                            + "    listen: {address: 127.0.0.1, port: " + port + "}\n"
                            + "    backends: [\"127.0.0.1:" + closed + "\", \"127.0.0.1:" + backend.port() + "\"]\n"
                            + "  - name: checked\n"
                            + "    protocol: tcp\n"
                            + "    listen: {address: 127.0.0.1, port: " + checkedPort + "}\n"
                            + "    backends: [\"127.0.0.1:" + checked.getLocalPort() + "\"]\n"
                            + "    health_check: {enabled: true, interval: 1, timeout: 1}\n");
            Process relay = RelayProcess.start(
                    RelayProcess.HOME,
                    work,
                    work.resolve("stdout.txt"),
                    work.resolve("stderr.txt"),
                    null,
                    RelayProcess.PRODUCT_DEFAULTS,
                    "-c",
                    file.toString(),
                    "--state-dir",
                    work.resolve("state").toString());
            started.add(relay);
            Http anonymous = Http.at(webPort);
            Http web = anonymous.as("scraper", "s3cret-metrics");
            await().atMost(RelayProcess.START).ignoreExceptions().until(() -> web.get("/metrics").status == 200);

            // the first connection fails over: the closed port twice (refused), then the echo
            for (int i = 0; i < 3; i++) {
                assertThat(Loopback.exchange(port, "ping" + i)).isEqualTo("E:ping" + i);
            }
            assertThat(Loopback.datagram(port, "dns")).isEqualTo("U:dns");
            Http.Reply unauthenticated = anonymous.get("/metrics");
            assertThat(unauthenticated.status).isEqualTo(401);

            // a health check of "checked" has run, and the connections' closes are counted
            List<Sample> samples = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> parse(web.get("/metrics"), "prometheus"),
                            // no assertion in here: the histogram is absent until the first check ran
                            s ->
                                    matching(
                                                            s,
                                                            "asyncrelay_backend_health_check_duration_seconds_count",
                                                            "service",
                                                            "checked")
                                                    .stream()
                                                    .anyMatch(x -> x.value() >= 1)
                                            && value(s, "asyncrelay_tcp_connections_active", "service", "mixed") == 0);
            String mixed = "mixed";
            String echo = "127.0.0.1:" + backend.port();
            String down = "127.0.0.1:" + closed;
            assertThat(value(samples, "asyncrelay_service_up", "service", mixed))
                    .isEqualTo(1);
            assertThat(value(samples, "asyncrelay_tcp_connections_total", "service", mixed))
                    .isEqualTo(3);
            assertThat(value(samples, "asyncrelay_tcp_received_bytes_total", "service", mixed))
                    .isEqualTo(15);
            assertThat(value(samples, "asyncrelay_tcp_sent_bytes_total", "service", mixed))
                    .isEqualTo(21);
            assertThat(value(samples, "asyncrelay_udp_received_datagrams_total", "service", mixed))
                    .isEqualTo(1);
            assertThat(value(samples, "asyncrelay_udp_sent_bytes_total", "service", mixed))
                    .isEqualTo(5);
            assertThat(value(samples, "asyncrelay_udp_sessions_total", "service", mixed))
                    .isEqualTo(1);
            assertThat(value(samples, "asyncrelay_failovers_total", "service", mixed))
                    .isEqualTo(1);
            assertThat(value(samples, "asyncrelay_connect_failures_total", "service", mixed))
                    .isEqualTo(2);
            assertThat(value(
                            samples, "asyncrelay_backend_connect_failures_total", "backend", down, "reason", "refused"))
                    .isEqualTo(2);
            assertThat(value(
                            samples,
                            "asyncrelay_backend_state",
                            "backend",
                            down,
                            "asyncrelay_backend_state",
                            "cooling"))
                    .isEqualTo(1);
            assertThat(value(samples, "asyncrelay_backend_cooldown_remaining_seconds", "backend", down))
                    .isBetween(1000.0, 1800.0);
            assertThat(value(samples, "asyncrelay_backend_tcp_connections_total", "backend", echo))
                    .isEqualTo(3);
            // three TCP connects and the UDP session's first answer
            assertThat(value(samples, "asyncrelay_backend_connect_duration_seconds_count", "backend", echo))
                    .isEqualTo(4);
            assertThat(value(
                            samples,
                            "asyncrelay_backend_connect_duration_seconds_bucket",
                            "backend",
                            echo,
                            "le",
                            "+Inf"))
                    .isEqualTo(4);
            assertThat(value(samples, "asyncrelay_backend_connect_duration_seconds_sum", "backend", echo))
                    .isPositive();
            assertThat(value(samples, "asyncrelay_config_reloads_total", "result", "applied"))
                    .isEqualTo(1);

            Http.Reply om =
                    web.send("GET", "/metrics", null, null, null, "application/openmetrics-text; version=1.0.0");
            assertThat(om.header("Content-Type")).startsWith("application/openmetrics-text");
            assertThat(om.body).endsWith("# EOF\n");
            List<Sample> openMetrics = parse(om, "openmetrics");
            assertThat(value(openMetrics, "asyncrelay_tcp_connections_total", "service", mixed))
                    .isEqualTo(3);
            assertThat(value(
                            openMetrics,
                            "asyncrelay_backend_state",
                            "backend",
                            down,
                            "asyncrelay_backend_state",
                            "cooling"))
                    .isEqualTo(1);

            relay.destroy();
            assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** The value of the one sample named {@code name} whose labels include {@code labels}. */
    static double value(List<Sample> samples, String name, String... labels) {
        List<Sample> found = matching(samples, name, labels);
        assertThat(found).as(name + " " + String.join(",", labels)).hasSize(1);
        return found.get(0).value();
    }

    /** The samples named {@code name} whose labels include {@code labels}: none before the first health check. */
    static List<Sample> matching(List<Sample> samples, String name, String... labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name))
                .filter(s -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                            return false;
                        }
                    }
                    return true;
                })
                .toList();
    }

    static List<Sample> parse(Http.Reply reply, String format)
            throws IOException, InterruptedException, URISyntaxException {
        assertThat(reply.status).as(reply.toString()).isEqualTo(200);
        Path script =
                Path.of(MetricsIT.class.getResource("/prometheus-parse.py").toURI());
        // Debian's python3, where python3-prometheus-client is
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), format)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        p.getOutputStream().write(reply.body.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as("the parser's exit status").isZero();
        List<Sample> samples = new ArrayList<>();
        for (JsonNode s : JSON.readTree(out)) {
            Map<String, String> labels = new java.util.HashMap<>();
            s.get("labels")
                    .fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            samples.add(
                    new Sample(s.get("name").asText(), labels, s.get("value").asDouble()));
        }
        return samples;
    }
}
