package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.Protocol;
import org.junit.jupiter.api.Test;

class IpFamiliesTest extends EngineTestBase {

    static final InetAddress V6_LOOPBACK;
    static final InetAddress V4_LOOPBACK;

    static {
        try {
            V6_LOOPBACK = InetAddress.getByName("::1");
            V4_LOOPBACK = InetAddress.getByName("127.0.0.1");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static String tcpExchange(InetSocketAddress to, String text) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(to, 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(text(text));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void ipv6ListenerAndBackendOnLoopback() throws Exception {
        try (NettyEcho tcp = new NettyEcho();
                UdpEcho udp = new UdpEcho("U6:", new InetSocketAddress(V6_LOOPBACK, 0))) {
            ServiceRuntime tcpRelay = relay(Protocol.TCP, "::1", 0, List.of(local(tcp.port())), settings());
            assertThat(tcpExchange(
                            new InetSocketAddress(
                                    V6_LOOPBACK, tcpRelay.tcpAddress().getPort()),
                            "six"))
                    .isEqualTo("six");

            ServiceRuntime udpRelay =
                    relay(Protocol.UDP, "::1", 0, List.of(BackendAddress.parse("[::1]:" + udp.port())), settings());
            try (DatagramSocket client = new DatagramSocket(0, V6_LOOPBACK)) {
                assertThat(UdpEcho.exchange(
                                client,
                                new InetSocketAddress(
                                        V6_LOOPBACK, udpRelay.udpAddress().getPort()),
                                text("d6")))
                        .isEqualTo(text("U6:d6"));
            }
        }
    }

    @Test
    void dualStackWildcardIsReachedOverIpv4AndIpv6ForTcpAndUdp() throws Exception {
        try (NettyEcho tcp = new NettyEcho();
                UdpEcho udp = new UdpEcho("U:", new InetSocketAddress(V4_LOOPBACK, tcp.port()))) {
            ServiceRuntime relay = relay(Protocol.BOTH, "::", 0, List.of(local(tcp.port())), settings());
            int port = relay.tcpAddress().getPort();
            assertThat(relay.udpAddress().getPort()).isEqualTo(port);

            assertThat(tcpExchange(new InetSocketAddress(V4_LOOPBACK, port), "over4"))
                    .isEqualTo("over4");
            assertThat(tcpExchange(new InetSocketAddress(V6_LOOPBACK, port), "over6"))
                    .isEqualTo("over6");
            try (DatagramSocket v4 = new DatagramSocket(0, V4_LOOPBACK);
                    DatagramSocket v6 = new DatagramSocket(0, V6_LOOPBACK)) {
                assertThat(UdpEcho.exchange(v4, new InetSocketAddress(V4_LOOPBACK, port), text("u4")))
                        .isEqualTo(text("U:u4"));
                assertThat(UdpEcho.exchange(v6, new InetSocketAddress(V6_LOOPBACK, port), text("u6")))
                        .isEqualTo(text("U:u6"));
            }
        }
    }

    @Test
    void hostNamesWorkAsListenAddressAndBackend() throws Exception {
        try (NettyEcho tcp = new NettyEcho()) {
            ServiceRuntime relay = relay(
                    Protocol.TCP, "localhost", 0, List.of(new BackendAddress("localhost", tcp.port())), settings());
            assertThat(tcpExchange(relay.tcpAddress(), "named")).isEqualTo("named");
        }
    }
}
