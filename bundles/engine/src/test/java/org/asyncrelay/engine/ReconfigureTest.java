package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.api.ServiceState;
import org.asyncrelay.api.settings.SettingValues;
import org.junit.jupiter.api.Test;

class ReconfigureTest extends EngineTestBase {

    static ServiceRuntime.Definition definition(
            String address, int port, List<BackendAddress> backends, SettingValues s) {
        return new ServiceRuntime.Definition("t", Protocol.BOTH, address, port, 4096, false, backends, s);
    }

    /** One round trip over an established connection: the echo sends back what it gets. */
    static void roundTrip(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes);
        out.flush();
        assertThat(in.readNBytes(bytes.length)).isEqualTo(bytes);
    }

    static boolean accepts(InetSocketAddress a) {
        try (Socket s = new Socket()) {
            s.connect(a, 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aTransferInProgressCompletesIntactWhileTheBackendListIsEdited() throws Exception {
        long size = 64L * 1024 * 1024;
        try (NettyEcho backend = new NettyEcho();
                NettyEcho other = new NettyEcho()) {
            ServiceRuntime relay = relay(Protocol.BOTH, List.of(local(backend.port())));
            try (Socket client = new Socket()) {
                client.connect(relay.tcpAddress(), 5000);
                Future<String> sent = executor.submit(() -> {
                    String digest = Streams.write(client.getOutputStream(), size, 13);
                    client.shutdownOutput();
                    return digest;
                });
                // nothing is read back yet, so the transfer stalls half way on full buffers and
                // every edit below lands while it is in progress
                await().until(() -> relay.stats().tcpBytesReceived() > 1024 * 1024);
                for (List<BackendAddress> backends : List.of(
                        List.of(local(other.port()), local(backend.port())),
                        List.of(local(other.port())),
                        List.of(local(backend.port()), local(other.port())))) {
                    relay.update(definition("127.0.0.1", 0, backends, settings(2, 30, 30, 50)), Duration.ofSeconds(30));
                    assertThat(relay.backends()).isEqualTo(backends);
                }
                assertThat(sent).isNotDone();

                Streams.Digest got = Streams.read(client.getInputStream());
                assertThat(got.bytes()).isEqualTo(size);
                assertThat(got.sha256()).isEqualTo(sent.get(30, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void turningSpliceOnRebindsTheListener() throws Exception {
        try (NettyEcho tcp = new NettyEcho()) {
            ServiceRuntime relay = relay(Protocol.BOTH, List.of(local(tcp.port())));
            InetSocketAddress before = relay.tcpAddress();
            ServiceRuntime.Definition d = definition("127.0.0.1", 0, List.of(local(tcp.port())), settings());
            relay.update(
                    new ServiceRuntime.Definition(
                            d.name(),
                            d.protocol(),
                            d.listenAddress(),
                            0,
                            d.backlog(),
                            true,
                            d.backends(),
                            d.settings()),
                    Duration.ofSeconds(30));
            // port 0 again: a new listener gets a new port, an unchanged one would keep it
            assertThat(relay.tcpAddress()).isNotEqualTo(before);
            try (Socket conn = new Socket()) {
                conn.connect(relay.tcpAddress(), 5000);
                conn.setSoTimeout(5000);
                roundTrip(conn, "spliced service");
            }
        }
    }

    @Test
    void changingBackendsAndTimeoutsKeepsConnectionsAndSessions() throws Exception {
        try (NettyEcho tcp = new NettyEcho();
                UdpEcho udp = new UdpEcho("U:", new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.port()));
                NettyEcho other = new NettyEcho();
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ServiceRuntime relay = relay(Protocol.BOTH, List.of(local(tcp.port())));
            InetSocketAddress tcpAddress = relay.tcpAddress();
            try (Socket conn = new Socket()) {
                conn.connect(tcpAddress, 5000);
                conn.setSoTimeout(5000);
                roundTrip(conn, "before");
                UdpEcho.exchange(client, relay.udpAddress(), "u1".getBytes());

                relay.update(
                        definition(
                                "127.0.0.1",
                                0,
                                List.of(local(other.port()), local(tcp.port())),
                                settings(2, 30, 30, 50)),
                        Duration.ofSeconds(30));

                assertThat(relay.tcpAddress()).isEqualTo(tcpAddress);
                roundTrip(conn, "after");
                assertThat(UdpEcho.exchange(client, relay.udpAddress(), "u2".getBytes()))
                        .isEqualTo("U:u2".getBytes());
                assertThat(relay.stats().udpSessions()).isEqualTo(1);
                assertThat(relay.backends()).containsExactly(local(other.port()), local(tcp.port()));
            }
        }
    }

    @Test
    void changingTheListenerRebindsAndLetsOldConnectionsFinish() throws Exception {
        try (NettyEcho tcp = new NettyEcho()) {
            ServiceRuntime relay = relay(Protocol.TCP, List.of(local(tcp.port())));
            InetSocketAddress old = relay.tcpAddress();
            try (Socket conn = new Socket()) {
                conn.connect(old, 5000);
                conn.setSoTimeout(5000);
                roundTrip(conn, "one");

                int newPort;
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    newPort = s.getLocalPort();
                }
                relay.update(
                        new ServiceRuntime.Definition(
                                "t",
                                Protocol.TCP,
                                "127.0.0.1",
                                newPort,
                                4096,
                                false,
                                List.of(local(tcp.port())),
                                settings()),
                        Duration.ofSeconds(30));

                assertThat(relay.state()).isEqualTo(ServiceState.RUNNING);
                assertThat(relay.tcpAddress().getPort()).isEqualTo(newPort);
                await().atMost(Duration.ofSeconds(5)).until(() -> !accepts(old));
                assertThat(accepts(relay.tcpAddress())).isTrue();
                roundTrip(conn, "still here");
            }
        }
    }

    @Test
    void aRemovedServiceStopsListeningAndItsConnectionsGoOnDuringTheGrace() throws Exception {
        try (NettyEcho tcp = new NettyEcho()) {
            ServiceRuntime relay = relay(Protocol.TCP, List.of(local(tcp.port())));
            InetSocketAddress address = relay.tcpAddress();
            try (Socket conn = new Socket()) {
                conn.connect(address, 5000);
                conn.setSoTimeout(5000);
                roundTrip(conn, "one");

                relay.stop(Duration.ofSeconds(30), false);

                // NIO closes a listening socket once its selector has deregistered it, just after
                // close() returns
                await().atMost(Duration.ofSeconds(5)).until(() -> !accepts(address));
                roundTrip(conn, "two");
            }
        }
    }

    @Test
    void shutdownClosesConnectionsWhenTheGraceEnds() throws Exception {
        try (NettyEcho tcp = new NettyEcho()) {
            ServiceRuntime relay = relay(Protocol.TCP, List.of(local(tcp.port())));
            try (Socket conn = new Socket()) {
                conn.connect(relay.tcpAddress(), 5000);
                conn.setSoTimeout(10_000);
                roundTrip(conn, "one");

                relay.stop(Duration.ofMillis(300), true);

                assertThat(conn.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void aListenerThatCouldNotBindIsRetriedByTheNextChange() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServiceRuntime relay =
                    relay(Protocol.TCP, "127.0.0.1", taken.getLocalPort(), List.of(local(1)), settings());
            assertThat(relay.state()).isEqualTo(ServiceState.FAILED);
            assertThat(relay.stateReason()).contains("Address already in use");

            taken.close();
            relay.update(
                    new ServiceRuntime.Definition(
                            "t",
                            Protocol.TCP,
                            "127.0.0.1",
                            taken.getLocalPort(),
                            4096,
                            false,
                            List.of(local(2)),
                            settings()),
                    Duration.ofSeconds(30));
            await().untilAsserted(() -> assertThat(relay.state()).isEqualTo(ServiceState.RUNNING));
            assertThat(relay.stateReason()).isEmpty();
        }
    }
}
