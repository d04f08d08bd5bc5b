package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.asyncrelay.api.Protocol;
import org.junit.jupiter.api.Test;

class UdpRelayTest extends EngineTestBase {

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void relaysTheLargestDatagramUnchanged() throws Exception {
        try (UdpEcho backend = new UdpEcho("");
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ServiceRuntime relay = relay(Protocol.UDP, List.of(local(backend.port())));
            byte[] big = new byte[65_507];
            new Random(5).nextBytes(big);
            assertThat(UdpEcho.exchange(client, relay.udpAddress(), big)).isEqualTo(big);
            byte[] small = text("hello");
            assertThat(UdpEcho.exchange(client, relay.udpAddress(), small)).isEqualTo(small);
            assertThat(relay.stats().udpPacketsReceived()).isEqualTo(2);
            assertThat(relay.stats().udpPacketsSent()).isEqualTo(2);
            assertThat(relay.stats().udpBytesReceived()).isEqualTo(65_507 + 5);
            assertThat(relay.stats().udpSessions()).isEqualTo(1);
        }
    }

    @Test
    void aBurstOfDatagramsKeepsEveryBoundary() throws Exception {
        try (UdpEcho backend = new UdpEcho("");
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ServiceRuntime relay = relay(Protocol.UDP, List.of(local(backend.port())));
            UdpEcho.exchange(client, relay.udpAddress(), text("warm"));
            java.util.Set<String> sent = new java.util.HashSet<>();
            for (int i = 0; i < 100; i++) {
                byte[] d = new byte[1 + (i * 37) % 1400];
                java.util.Arrays.fill(d, (byte) ('a' + i % 26));
                sent.add(d.length + ":" + (char) d[0]);
                client.send(new java.net.DatagramPacket(d, d.length, relay.udpAddress()));
            }
            java.util.Set<String> received = new java.util.HashSet<>();
            byte[] buf = new byte[65_536];
            while (received.size() < sent.size()) {
                java.net.DatagramPacket in = new java.net.DatagramPacket(buf, buf.length);
                client.receive(in);
                byte first = in.getData()[0];
                for (int k = 0; k < in.getLength(); k++) {
                    assertThat(in.getData()[k]).isEqualTo(first);
                }
                received.add(in.getLength() + ":" + (char) first);
            }
            assertThat(received).isEqualTo(sent);
        }
    }

    @Test
    void eachClientAddressHasItsOwnSession() throws Exception {
        try (UdpEcho backend = new UdpEcho("E:");
                DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket b = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ServiceRuntime relay = relay(Protocol.UDP, List.of(local(backend.port())));
            for (int i = 0; i < 5; i++) {
                assertThat(UdpEcho.exchange(a, relay.udpAddress(), text("a" + i)))
                        .isEqualTo(text("E:a" + i));
                assertThat(UdpEcho.exchange(b, relay.udpAddress(), text("b" + i)))
                        .isEqualTo(text("E:b" + i));
            }
            assertThat(backend.senders).hasSize(2);
            assertThat(relay.stats().udpSessionsActive()).isEqualTo(2);
            assertThat(relay.backendStats().get(local(backend.port())).udpPacketsSent())
                    .isEqualTo(10);
        }
    }

    @Test
    void idleSessionsExpire() throws Exception {
        try (UdpEcho backend = new UdpEcho("E:");
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ServiceRuntime relay =
                    relay(Protocol.UDP, "127.0.0.1", 0, List.of(local(backend.port())), settings(5, 60, 1, 100));
            UdpEcho.exchange(client, relay.udpAddress(), text("x"));
            assertThat(relay.stats().udpSessionsActive()).isEqualTo(1);
            // a session that keeps talking outlives its idle timeout of 1 s
            await().during(java.time.Duration.ofMillis(2500))
                    .atMost(java.time.Duration.ofSeconds(4))
                    .pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> java.util.Arrays.equals(
                                    UdpEcho.exchange(client, relay.udpAddress(), text("k")), text("E:k"))
                            && relay.stats().udpSessions() == 1);
            await().untilAsserted(
                            () -> assertThat(relay.stats().udpSessionsActive()).isZero());
            // what the access log writes of it: every datagram of "x", "k", "k", ... answered "E:" + it
            assertThat(connections.ended).singleElement().satisfies(s -> {
                assertThat(s.service()).isEqualTo("t");
                assertThat(s.client()).isEqualTo(client.getLocalSocketAddress());
                assertThat(s.backend()).isEqualTo(local(backend.port()));
                assertThat(s.ending()).isEqualTo(Ending.IDLE_TIMEOUT);
                assertThat(s.datagramsUp()).isGreaterThan(2).isEqualTo(s.datagramsDown());
                assertThat(s.bytesUp()).isEqualTo(s.datagramsUp());
                assertThat(s.bytesDown()).isEqualTo(3 * s.datagramsDown());
            });
            assertThat(UdpEcho.exchange(client, relay.udpAddress(), text("y"))).isEqualTo(text("E:y"));
            assertThat(relay.stats().udpSessions()).isEqualTo(2);
        }
    }

    @Test
    void theSessionCapDropsNewClientsOnly() throws Exception {
        try (UdpEcho backend = new UdpEcho("E:");
                DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket b = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket c = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ServiceRuntime relay =
                    relay(Protocol.UDP, "127.0.0.1", 0, List.of(local(backend.port())), settings(5, 60, 60, 2));
            UdpEcho.exchange(a, relay.udpAddress(), text("a"));
            UdpEcho.exchange(b, relay.udpAddress(), text("b"));
            c.send(new java.net.DatagramPacket(text("c"), 1, relay.udpAddress()));
            await().untilAsserted(
                            () -> assertThat(relay.stats().udpPacketsDropped()).isEqualTo(1));
            assertThat(UdpEcho.exchange(a, relay.udpAddress(), text("a2"))).isEqualTo(text("E:a2"));
            assertThat(relay.stats().udpSessionsActive()).isEqualTo(2);
        }
    }

    @Test
    void anUnreachableBackendFailsOverAndTheFirstDatagramStillArrives() throws Exception {
        try (UdpEcho second = new UdpEcho("B:");
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int dead;
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                dead = s.getLocalPort();
            }
            ServiceRuntime relay = relay(Protocol.UDP, List.of(local(dead), local(second.port())));
            assertThat(UdpEcho.exchange(client, relay.udpAddress(), text("first")))
                    .isEqualTo(text("B:first"));
            assertThat(relay.stats().connectFailures()).isEqualTo(2);
        }
    }

    @Test
    void tcpAndUdpShareOnePort() throws Exception {
        try (NettyEcho tcpBackend = new NettyEcho();
                UdpEcho udpBackend =
                        new UdpEcho("U:", new InetSocketAddress(InetAddress.getLoopbackAddress(), tcpBackend.port()));
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ServiceRuntime relay = relay(Protocol.BOTH, List.of(local(tcpBackend.port())));
            assertThat(relay.tcpAddress().getPort())
                    .isEqualTo(relay.udpAddress().getPort());
            assertThat(UdpEcho.exchange(client, relay.udpAddress(), text("dgram")))
                    .isEqualTo(text("U:dgram"));
            try (Socket tcp = new Socket()) {
                tcp.connect(relay.tcpAddress(), 5000);
                tcp.getOutputStream().write(text("stream"));
                tcp.shutdownOutput();
                assertThat(tcp.getInputStream().readAllBytes()).isEqualTo(text("stream"));
            }
        }
    }
}
