package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.ConnectStats;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.api.ServiceState;
import org.junit.jupiter.api.Test;

class TcpRelayTest extends EngineTestBase {

    ServiceRuntime runtime;

    ServiceRuntime relay(List<BackendAddress> backends) {
        return relay(backends, 0);
    }

    ServiceRuntime relay(List<BackendAddress> backends, int port) {
        runtime = relay(Protocol.TCP, "127.0.0.1", port, backends, settings());
        return runtime;
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    @Test
    void relaysBytesBothWaysAndHonoursHalfClose() throws Exception {
        try (EchoServer backend = new EchoServer("A:")) {
            relay(List.of(local(backend.port())));
            assertThat(runtime.state()).isEqualTo(ServiceState.RUNNING);

            byte[] payload = new byte[3 * 1024 * 1024];
            new Random(42).nextBytes(payload);
            try (Socket client = new Socket()) {
                client.connect(runtime.tcpAddress(), 5000);
                Future<byte[]> reply = executor.submit(() -> readAll(client.getInputStream()));
                client.getOutputStream().write(payload);
                client.shutdownOutput();
                byte[] got = reply.get();
                assertThat(new String(got, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("A:");
                assertThat(java.util.Arrays.copyOfRange(got, 2, got.length)).isEqualTo(payload);
            }
            await().untilAsserted(() -> assertThat(runtime.stats().tcpActive()).isZero());
            assertThat(runtime.stats().tcpConnections()).isEqualTo(1);
            assertThat(runtime.stats().tcpBytesReceived()).isEqualTo(payload.length);
            assertThat(runtime.stats().tcpBytesSent()).isEqualTo(payload.length + 2);
            // what the access log writes of it
            await().untilAsserted(() -> assertThat(connections.closed)
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.service()).isEqualTo("t");
                        assertThat(c.backend()).isEqualTo(local(backend.port()));
                        assertThat(c.bytesUp()).isEqualTo(payload.length);
                        assertThat(c.bytesDown()).isEqualTo(payload.length + 2);
                        assertThat(c.ending()).isEqualTo(Ending.CLIENT_CLOSED);
                        assertThat(c.durationNanos()).isPositive();
                    }));
        }
    }

    @Test
    void aBackendThatClosesFirstEndsTheConnectionAsBackendClosed() throws Exception {
        try (ServerSocket backend = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            relay(List.of(local(backend.getLocalPort())));
            try (Socket client = new Socket()) {
                client.connect(runtime.tcpAddress(), 5000);
                client.setSoTimeout(10_000);
                try (Socket accepted = backend.accept()) {
                    accepted.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
                }
                assertThat(readAll(client.getInputStream())).isEqualTo("bye".getBytes(StandardCharsets.US_ASCII));
            }
            await().untilAsserted(() -> assertThat(connections.closed)
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.ending()).isEqualTo(Ending.BACKEND_CLOSED);
                        assertThat(c.bytesDown()).isEqualTo(3);
                        assertThat(c.bytesUp()).isZero();
                    }));
        }
    }

    @Test
    void beyondMaxConnectionsANewClientIsClosedAtOnceAndAdmittedAgainWhenOneCloses() throws Exception {
        try (EchoServer backend = new EchoServer("A:")) {
            runtime = relay(Protocol.TCP, "127.0.0.1", 0, List.of(local(backend.port())), settings(5, 60, 60, 10, 2));
            List<Socket> held = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Socket s = new Socket();
                    s.connect(runtime.tcpAddress(), 5000);
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write('x');
                    assertThat(s.getInputStream().readNBytes(3)).isEqualTo("A:x".getBytes(StandardCharsets.US_ASCII));
                    held.add(s);
                }
                try (Socket third = new Socket()) {
                    third.connect(runtime.tcpAddress(), 5000);
                    third.setSoTimeout(10_000);
                    assertThat(third.getInputStream().read())
                            .as("closed, nothing relayed")
                            .isEqualTo(-1);
                }
                assertThat(backend.accepted.get()).isEqualTo(2);
                assertThat(runtime.stats().tcpConnections()).isEqualTo(2);

                held.remove(0).close();
                await().untilAsserted(
                                () -> assertThat(runtime.stats().tcpActive()).isEqualTo(1));
                try (Socket again = new Socket()) {
                    again.connect(runtime.tcpAddress(), 5000);
                    again.setSoTimeout(10_000);
                    again.getOutputStream().write('y');
                    assertThat(again.getInputStream().readNBytes(3))
                            .isEqualTo("A:y".getBytes(StandardCharsets.US_ASCII));
                }
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void anIdleConnectionIsClosedAndABusyOneIsNot() throws Exception {
        try (EchoServer backend = new EchoServer("A:")) {
            runtime = relay(Protocol.TCP, "127.0.0.1", 0, List.of(local(backend.port())), settings(5, 1, 60, 10));
            try (Socket client = new Socket()) {
                client.connect(runtime.tcpAddress(), 5000);
                client.setSoTimeout(10_000);
                InputStream in = client.getInputStream();
                client.getOutputStream().write('x');
                assertThat(in.readNBytes(3)).isEqualTo("A:x".getBytes(StandardCharsets.US_ASCII));
                // TCP_NODELAY on both sockets of the connection (Netty's default, not set again)
                assertThat(connections.connected).singleElement().satisfies(sockets -> {
                    assertThat(sockets.client().config().getOption(io.netty.channel.ChannelOption.TCP_NODELAY))
                            .isTrue();
                    assertThat(sockets.backend().config().getOption(io.netty.channel.ChannelOption.TCP_NODELAY))
                            .isTrue();
                });
                // traffic every 200 ms keeps it open well past its idle timeout of 1 s
                await().during(java.time.Duration.ofMillis(2500))
                        .atMost(java.time.Duration.ofSeconds(4))
                        .pollInterval(java.time.Duration.ofMillis(200))
                        .until(() -> {
                            client.getOutputStream().write('k');
                            return in.read() == 'k' && runtime.stats().tcpActive() == 1;
                        });
                // silence: the relay closes both sides
                assertThat(in.read()).isEqualTo(-1);
                await().untilAsserted(
                                () -> assertThat(runtime.stats().tcpActive()).isZero());
                assertThat(runtime.stats().tcpConnections()).isEqualTo(1);
                await().untilAsserted(() -> assertThat(connections.closed)
                        .singleElement()
                        .extracting(ClosedConnection::ending)
                        .isEqualTo(Ending.IDLE_TIMEOUT));
            }
        }
    }

    @Test
    void failsOverToTheNextBackendInListOrder() throws Exception {
        try (EchoServer second = new EchoServer("B:");
                EchoServer third = new EchoServer("C:")) {
            BackendAddress first = local(closedPort());
            relay(List.of(first, local(second.port()), local(third.port())));

            try (Socket client = new Socket()) {
                client.connect(runtime.tcpAddress(), 5000);
                client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                client.shutdownOutput();
                assertThat(new String(readAll(client.getInputStream()), StandardCharsets.US_ASCII))
                        .isEqualTo("B:hello");
            }
            assertThat(third.accepted.get()).isZero();
            assertThat(runtime.stats().connectFailures()).isEqualTo(2);
            // what the metrics show: the failures by reason, one failover, the latency of the connect that worked
            assertThat(runtime.failovers()).isEqualTo(1);
            Map<BackendAddress, ConnectStats> connects = runtime.connectStats();
            assertThat(connects.get(first).failuresByReason()).containsExactly(Map.entry("refused", 2L));
            assertThat(connects.get(first).latency().count()).isZero();
            assertThat(connects.get(local(second.port())).failuresByReason()).isEmpty();
            assertThat(connects.get(local(second.port())).latency().count()).isEqualTo(1);
            assertThat(connects.get(local(second.port())).latency().sumSeconds())
                    .isPositive();
        }
    }

    @Test
    void closesTheClientWhenNoBackendAccepts() throws Exception {
        relay(List.of(local(closedPort())));
        try (Socket client = new Socket()) {
            client.connect(runtime.tcpAddress(), 5000);
            client.setSoTimeout(10_000);
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
        await().untilAsserted(() -> assertThat(connections.closed)
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.ending()).isEqualTo(Ending.NO_BACKEND);
                    assertThat(c.backend()).isNull();
                }));
    }

    @Test
    void closesTheBackendWhenTheClientCloses() throws Exception {
        try (ServerSocket backend = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            relay(List.of(local(backend.getLocalPort())));
            Socket client = new Socket();
            client.connect(runtime.tcpAddress(), 5000);
            try (Socket accepted = backend.accept()) {
                accepted.setSoTimeout(10_000);
                client.close();
                assertThat(accepted.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void aBusyPortFailsOnlyThatServiceWithTheReason() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            relay(List.of(local(1)), taken.getLocalPort());
            assertThat(runtime.state()).isEqualTo(ServiceState.FAILED);
            assertThat(runtime.stateReason()).startsWith("cannot listen on TCP 127.0.0.1:" + taken.getLocalPort());
        }
    }
}
