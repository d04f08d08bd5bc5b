package org.asyncrelay.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * #19 in bin/relay: a PROXY header read from a balancer in front and sent on to the backend, a
 * denied client and a missing header refused, all of it in the status, /metrics, the access log
 * and the relay's log.
 */
class TrafficControlIT {

    @TempDir
    Path work;

    final List<Process> started = new ArrayList<>();

    @RegisterExtension
    final ProcessEvidence evidence = new ProcessEvidence(() -> work, () -> started);

    @AfterEach
    void killLeftovers() {
        started.forEach(RelayProcess::kill);
    }

    /** Keeps every byte of each connection until the client's end, then closes it. */
    static final class RawBackend implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<byte[]> received = new CopyOnWriteArrayList<>();

        RawBackend() throws IOException {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        s.getInputStream().transferTo(out);
                        received.add(out.toByteArray());
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    static boolean closedByRelay(int port, String sent) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(sent.getBytes(StandardCharsets.US_ASCII));
            return s.getInputStream().read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Test
    void aBalancersClientAddressIsPassedOnAndRefusalsAreShown() throws Exception {
        try (RawBackend backend = new RawBackend()) {
            int port = Loopback.freePort();
            int webPort = Loopback.freePort();
            Path file = work.resolve("relay.yaml");
            Path state = work.resolve("state");
            Files.writeString(
                    file,
                    "web_ui: {enabled: true, port: " + webPort + "}\n"
                            + "services:\n"
                            + "  - name: front\n"
                            + "    protocol: tcp\n"
                            + "    listen: {address: 127.0.0.1, port: " + port + "}\n"
                            + "    backends: [\"127.0.0.1:" + backend.server.getLocalPort() + "\"]\n"
                            + "    accept_proxy_protocol: true\n"
                            + "    proxy_protocol_from: [\"127.0.0.0/8\"]\n"
                            + "    proxy_protocol: v2\n"
                            + "    deny: [\"198.51.100.0/24\"]\n");
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
                    state.toString());
            started.add(relay);
            Http web = Http.at(webPort);
            await().atMost(RelayProcess.START).ignoreExceptions().until(() -> web.get("/api/status").status == 200);

            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                client.getOutputStream()
                        .write("PROXY TCP4 203.0.113.7 127.0.0.1 40000 443\r\nhello"
                                .getBytes(StandardCharsets.US_ASCII));
                client.shutdownOutput();
                client.setSoTimeout(10_000);
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
            byte[] got = await().atMost(Duration.ofSeconds(10))
                    .until(() -> backend.received, l -> l.size() == 1)
                    .get(0);
            assertThat(HexFormat.of().formatHex(got))
                    .isEqualTo("0d0a0d0a000d0a515549540a" + "21" + "11" + "000c" + "cb007107" + "7f000001" + "9c40"
                            + "01bb" + HexFormat.of().formatHex("hello".getBytes(StandardCharsets.US_ASCII)));

            assertThat(closedByRelay(port, "PROXY TCP4 198.51.100.5 127.0.0.1 40001 443\r\nx"))
                    .isTrue();
            assertThat(closedByRelay(port, "GET / HTTP/1.0\r\n\r\n")).isTrue();

            JsonNode service = await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> web.get("/api/status").json().get("services").get(0),
                            s -> s.get("refused")
                                            .get("tcp")
                                            .get("proxy_protocol")
                                            .asLong()
                                    == 1);
            assertThat(service.get("refused").get("tcp").get("denied").asLong()).isEqualTo(1);
            assertThat(service.get("traffic_control").toString())
                    .isEqualTo("[\"deny 1 network\",\"PROXY protocol v2 to backends\","
                            + "\"PROXY protocol read from 127.0.0.0/8\"]");
            assertThat(service.get("stats").get("tcp_connections").asLong()).isEqualTo(1);
            assertThat(backend.received).hasSize(1);

            assertThat(web.get("/metrics").body)
                    .contains("asyncrelay_tcp_connections_refused_total{reason=\"denied\",service=\"front\"} 1.0")
                    .contains(
                            "asyncrelay_tcp_connections_refused_total{reason=\"proxy_protocol\",service=\"front\"} 1.0");
            Path accessLog = state.resolve("log/access.log");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.exists(accessLog)
                            && Files.readString(accessLog).contains("client=203.0.113.7:40000"));
            assertThat(Files.readString(state.resolve("log/karaf.log")))
                    .contains("relay front: 1 TCP connection(s) refused (denied), the last from 198.51.100.5:40001");

            relay.destroy();
            assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
