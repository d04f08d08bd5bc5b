package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.api.Refusal;
import org.asyncrelay.api.settings.ServiceSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.junit.jupiter.api.Test;

/** #19 on loopback: PROXY protocol both ways, allow and deny, per-client limits. */
class TrafficControlTest extends EngineTestBase {

    static final String V2 = "0d0a0d0a000d0a515549540a";
    static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

    /** A TCP backend that keeps every byte of each connection it accepts until the client closes. */
    final class RawBackend implements AutoCloseable {
        final ServerSocket server;
        final AtomicInteger accepted = new AtomicInteger();
        final List<Future<byte[]>> received = new ArrayList<>();

        RawBackend(InetAddress address) throws IOException {
            server = new ServerSocket(0, 50, address);
            executor.submit(() -> {
                while (!server.isClosed()) {
                    Socket s = server.accept();
                    accepted.incrementAndGet();
                    synchronized (received) {
                        received.add(executor.submit(() -> {
                            try (s) {
                                return readAll(s.getInputStream());
                            }
                        }));
                        received.notifyAll();
                    }
                }
                return null;
            });
        }

        byte[] first() throws Exception {
            synchronized (received) {
                long end = System.currentTimeMillis() + 10_000;
                while (received.isEmpty() && System.currentTimeMillis() < end) {
                    received.wait(100);
                }
                return received.get(0).get(10, TimeUnit.SECONDS);
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    static SettingValues with(Object... keyValues) {
        SettingValues s = settings();
        for (int i = 0; i < keyValues.length; i += 2) {
            s = set(s, (org.asyncrelay.api.settings.Setting<?>) keyValues[i], keyValues[i + 1]);
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    static <T> SettingValues set(SettingValues s, org.asyncrelay.api.settings.Setting<T> setting, Object value) {
        return s.with(setting, (T) value);
    }

    /** A TCP service on 127.0.0.1 relaying to {@code backendPort}, with these settings changed. */
    ServiceRuntime tcpRelay(int backendPort, Object... keyValues) {
        return relay(Protocol.TCP, "127.0.0.1", 0, List.of(local(backendPort)), with(keyValues));
    }

    /** Sends {@code bytes} from {@code from} through the relay and closes its side. */
    static Socket send(InetSocketAddress relay, InetAddress from, byte[] bytes) throws IOException {
        Socket client = new Socket();
        client.bind(new InetSocketAddress(from, 0));
        client.connect(relay, 5000);
        client.getOutputStream().write(bytes);
        client.shutdownOutput();
        return client;
    }

    /** The relay closed {@code client} without relaying anything: end of stream or a reset. */
    static void assertClosedByRelay(Socket client) throws IOException {
        client.setSoTimeout(10_000);
        try {
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        } catch (SocketException reset) {
            // closed with bytes unread: a reset, which is a close as well
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static String hexPort(int port) {
        return String.format("%04x", port);
    }

    @Test
    void sendsAV1HeaderBeforeTheClientsFirstByte() throws Exception {
        try (RawBackend backend = new RawBackend(LOCAL)) {
            ServiceRuntime r = tcpRelay(backend.port(), ServiceSettings.PROXY_PROTOCOL, "v1");
            try (Socket client = send(r.tcpAddress(), LOCAL, ascii("hello"))) {
                assertThat(new String(backend.first(), StandardCharsets.US_ASCII))
                        .isEqualTo("PROXY TCP4 127.0.0.1 127.0.0.1 " + client.getLocalPort() + " "
                                + r.tcpAddress().getPort() + "\r\nhello");
            }
        }
    }

    @Test
    void sendsAV2HeaderForIpv4AndIpv6Clients() throws Exception {
        for (String host : List.of("127.0.0.1", "::1")) {
            InetAddress ip = InetAddress.getByName(host);
            try (RawBackend backend = new RawBackend(LOCAL)) {
                ServiceRuntime r = relay(
                        Protocol.TCP,
                        host,
                        0,
                        List.of(local(backend.port())),
                        with(ServiceSettings.PROXY_PROTOCOL, "v2"));
                try (Socket client = send(r.tcpAddress(), ip, ascii("hi"))) {
                    String address = HexFormat.of().formatHex(ip.getAddress());
                    String expected =
                            V2 + "21" + (ip.getAddress().length == 4 ? "11000c" : "210024") + address + address
                                    + hexPort(client.getLocalPort())
                                    + hexPort(r.tcpAddress().getPort())
                                    + HexFormat.of().formatHex(ascii("hi"));
                    assertThat(HexFormat.of().formatHex(backend.first()))
                            .as(host)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void sendsAV2HeaderBeforeEachDatagramAndNoneBackToTheClient() throws Exception {
        for (String host : List.of("127.0.0.1", "::1")) {
            InetAddress ip = InetAddress.getByName(host);
            try (DatagramSocket backend = new DatagramSocket(0, LOCAL);
                    DatagramSocket client = new DatagramSocket(0, ip)) {
                ServiceRuntime r = relay(
                        Protocol.UDP,
                        host,
                        0,
                        List.of(local(backend.getLocalPort())),
                        with(ServiceSettings.PROXY_PROTOCOL, "v2"));
                backend.setSoTimeout(10_000);
                client.setSoTimeout(10_000);
                String address = HexFormat.of().formatHex(ip.getAddress());
                for (String payload : List.of("one", "two")) {
                    client.send(new DatagramPacket(ascii(payload), payload.length(), r.udpAddress()));
                    DatagramPacket got = new DatagramPacket(new byte[2048], 2048);
                    backend.receive(got);
                    String expected = V2 + "21" + (ip.getAddress().length == 4 ? "12000c" : "220024") + address
                            + address + hexPort(client.getLocalPort())
                            + hexPort(r.udpAddress().getPort())
                            + HexFormat.of().formatHex(ascii(payload));
                    assertThat(HexFormat.of().formatHex(got.getData(), 0, got.getLength()))
                            .as(host)
                            .isEqualTo(expected);
                    backend.send(
                            new DatagramPacket(ascii("re:" + payload), payload.length() + 3, got.getSocketAddress()));
                    DatagramPacket answer = new DatagramPacket(new byte[2048], 2048);
                    client.receive(answer);
                    assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII))
                            .isEqualTo("re:" + payload);
                }
            }
        }
    }

    @Test
    void readsTheClientFromAV1OrV2HeaderAndPassesItOn() throws Exception {
        for (boolean v1 : new boolean[] {true, false}) {
            connections.closed.clear();
            try (RawBackend backend = new RawBackend(LOCAL)) {
                ServiceRuntime r = tcpRelay(
                        backend.port(),
                        ServiceSettings.ACCEPT_PROXY_PROTOCOL,
                        true,
                        ServiceSettings.PROXY_PROTOCOL_FROM,
                        List.of("127.0.0.0/8"),
                        ServiceSettings.PROXY_PROTOCOL,
                        "v1");
                byte[] header = v1
                        ? ascii("PROXY TCP6 2001:db8::9 2001:db8::1 5555 443\r\n")
                        : HexFormat.of()
                                .parseHex(V2 + "21" + "21" + "0024" + "20010db8000000000000000000000009"
                                        + "20010db8000000000000000000000001" + "15b3" + "01bb");
                byte[] sent = new byte[header.length + 3];
                System.arraycopy(header, 0, sent, 0, header.length);
                System.arraycopy(ascii("abc"), 0, sent, header.length, 3);
                try (Socket client = send(r.tcpAddress(), LOCAL, sent)) {
                    assertThat(new String(backend.first(), StandardCharsets.US_ASCII))
                            .isEqualTo("PROXY TCP6 2001:db8::9 2001:db8::1 5555 443\r\nabc");
                }
                await().untilAsserted(() -> assertThat(connections.closed)
                        .singleElement()
                        .satisfies(c -> assertThat(c.client())
                                .isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8::9"), 5555))));
                assertThat(r.tcpRefusals().values()).containsOnly(0L);
            }
        }
    }

    @Test
    void refusesMalformedSlowAndForeignHeadersWithoutContactingABackend() throws Exception {
        try (RawBackend backend = new RawBackend(LOCAL)) {
            ServiceRuntime r = tcpRelay(
                    backend.port(),
                    ServiceSettings.ACCEPT_PROXY_PROTOCOL,
                    true,
                    ServiceSettings.PROXY_PROTOCOL_FROM,
                    List.of("127.0.0.0/8"),
                    ServiceSettings.PROXY_PROTOCOL_TIMEOUT,
                    1);
            try (Socket client = send(r.tcpAddress(), LOCAL, ascii("GET / HTTP/1.0\r\n\r\n"))) {
                assertClosedByRelay(client);
            }
            try (Socket client = new Socket()) {
                client.connect(r.tcpAddress(), 5000);
                client.getOutputStream().write(ascii("PROXY TCP4 1.2."));
                assertClosedByRelay(client);
            }
            await().untilAsserted(() -> assertThat(r.tcpRefusals()).containsEntry(Refusal.PROXY_PROTOCOL, 2L));

            ServiceRuntime foreign = tcpRelay(
                    backend.port(),
                    ServiceSettings.ACCEPT_PROXY_PROTOCOL,
                    true,
                    ServiceSettings.PROXY_PROTOCOL_FROM,
                    List.of("10.0.0.0/8"));
            try (Socket client = send(foreign.tcpAddress(), LOCAL, ascii("PROXY UNKNOWN\r\n"))) {
                assertClosedByRelay(client);
            }
            await().untilAsserted(
                            () -> assertThat(foreign.tcpRefusals()).containsEntry(Refusal.PROXY_PROTOCOL_FROM, 1L));
            assertThat(backend.accepted).hasValue(0);
            assertThat(r.stats().tcpConnections()).isZero();
            assertThat(connections.closed).isEmpty();
        }
    }

    @Test
    void allowAndDenyAreCheckedBeforeABackendIsContacted() throws Exception {
        try (EchoServer backend = new EchoServer("A:")) {
            ServiceRuntime r = tcpRelay(
                    backend.port(),
                    ServiceSettings.ALLOW,
                    List.of("127.0.0.0/8", "2001:db8::/32"),
                    ServiceSettings.DENY,
                    List.of("127.0.0.1/32"));
            try (Socket denied = send(r.tcpAddress(), LOCAL, ascii("x"))) {
                assertClosedByRelay(denied);
            }
            try (Socket allowed = send(r.tcpAddress(), InetAddress.getByName("127.0.0.2"), ascii("x"))) {
                allowed.setSoTimeout(10_000);
                assertThat(new String(readAll(allowed.getInputStream()), StandardCharsets.US_ASCII))
                        .isEqualTo("A:x");
            }
            assertThat(r.tcpRefusals()).containsEntry(Refusal.DENIED, 1L);
            assertThat(r.stats().tcpConnections()).isEqualTo(1);
        }
    }

    @Test
    void anIpv4ClientOfADualStackListenerMatchesIpv4Rules() throws Exception {
        try (EchoServer backend = new EchoServer("A:")) {
            ServiceRuntime r = relay(
                    Protocol.BOTH,
                    "::",
                    0,
                    List.of(local(backend.port())),
                    with(ServiceSettings.DENY, List.of("127.0.0.1/32")));
            InetSocketAddress v4 = new InetSocketAddress(LOCAL, r.tcpAddress().getPort());
            try (Socket denied = send(v4, LOCAL, ascii("x"))) {
                assertClosedByRelay(denied);
            }
            try (DatagramSocket client = new DatagramSocket(0, LOCAL)) {
                client.setSoTimeout(500);
                client.send(new DatagramPacket(ascii("x"), 1, v4));
                try {
                    client.receive(new DatagramPacket(new byte[16], 16));
                    throw new AssertionError("a denied datagram was answered");
                } catch (SocketTimeoutException expected) {
                    // dropped
                }
            }
            await().untilAsserted(() -> {
                assertThat(r.tcpRefusals()).containsEntry(Refusal.DENIED, 1L);
                assertThat(r.udpRefusals()).containsEntry(Refusal.DENIED, 1L);
            });
            assertThat(r.stats().udpSessions()).isZero();
        }
    }

    @Test
    void connectionsPerClientAreLimitedAndReleased() throws Exception {
        try (EchoServer backend = new EchoServer("A:")) {
            ServiceRuntime r = tcpRelay(backend.port(), ServiceSettings.MAX_CONNECTIONS_PER_CLIENT, 2);
            Socket first = new Socket(LOCAL, r.tcpAddress().getPort());
            Socket second = new Socket(LOCAL, r.tcpAddress().getPort());
            await().untilAsserted(() -> assertThat(r.stats().tcpActive()).isEqualTo(2));
            try (Socket third = new Socket(LOCAL, r.tcpAddress().getPort())) {
                assertClosedByRelay(third);
            }
            // another address is another client
            try (Socket other = send(r.tcpAddress(), InetAddress.getByName("127.0.0.3"), ascii("y"))) {
                other.setSoTimeout(10_000);
                assertThat(readAll(other.getInputStream())).isEqualTo(ascii("A:y"));
            }
            first.close();
            await().untilAsserted(() -> assertThat(r.stats().tcpActive()).isEqualTo(1));
            try (Socket again = send(r.tcpAddress(), LOCAL, ascii("z"))) {
                again.setSoTimeout(10_000);
                assertThat(readAll(again.getInputStream())).isEqualTo(ascii("A:z"));
            }
            second.close();
            assertThat(r.tcpRefusals()).containsEntry(Refusal.MAX_CONNECTIONS_PER_CLIENT, 1L);
        }
    }

    @Test
    void newConnectionsPerClientAreLimitedToTheirRate() throws Exception {
        try (EchoServer backend = new EchoServer("A:")) {
            ServiceRuntime r = tcpRelay(backend.port(), ServiceSettings.MAX_NEW_CONNECTIONS_PER_CLIENT, 1);
            // a bucket of one token refilled once a second: ten connections back to back would
            // need nine seconds to all pass
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                try (Socket s = send(r.tcpAddress(), LOCAL, ascii("n"))) {
                    s.setSoTimeout(10_000);
                    readAll(s.getInputStream());
                } catch (SocketException refusedWithBytesUnread) {
                    // a reset: refused
                }
            }
            long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(r.tcpRefusals().get(Refusal.MAX_NEW_CONNECTIONS_PER_CLIENT))
                    .isGreaterThanOrEqualTo(9 - took);
            assertThat(r.stats().tcpConnections()).isLessThanOrEqualTo(1 + took);
        }
    }

    @Test
    void readsAV2HeaderFromEachDatagramOfALoadBalancer() throws Exception {
        try (UdpEcho backend = new UdpEcho("B:");
                DatagramSocket front = new DatagramSocket(0, LOCAL)) {
            ServiceRuntime r = relay(
                    Protocol.UDP,
                    "127.0.0.1",
                    0,
                    List.of(local(backend.port())),
                    with(
                            ServiceSettings.ACCEPT_PROXY_PROTOCOL,
                            true,
                            ServiceSettings.PROXY_PROTOCOL_FROM,
                            List.of("127.0.0.1"),
                            ServiceSettings.DENY,
                            List.of("198.51.100.0/24")));
            byte[] header =
                    HexFormat.of().parseHex(V2 + "21" + "12" + "000c" + "cb007109" + "7f000001" + "cf08" + "0035");
            byte[] datagram = new byte[header.length + 4];
            System.arraycopy(header, 0, datagram, 0, header.length);
            System.arraycopy(ascii("ping"), 0, datagram, header.length, 4);
            assertThat(UdpEcho.exchange(front, r.udpAddress(), datagram)).isEqualTo(ascii("B:ping"));
            assertThat(UdpEcho.exchange(front, r.udpAddress(), datagram)).isEqualTo(ascii("B:ping"));

            // a denied client behind the balancer, and a datagram without a header
            byte[] denied =
                    HexFormat.of().parseHex(V2 + "21" + "12" + "000c" + "c6336401" + "7f000001" + "cf08" + "0035");
            try (DatagramSocket other = new DatagramSocket(0, LOCAL)) {
                other.send(new DatagramPacket(denied, denied.length, r.udpAddress()));
                other.send(new DatagramPacket(ascii("ping"), 4, r.udpAddress()));
            }
            await().untilAsserted(() -> {
                assertThat(r.udpRefusals()).containsEntry(Refusal.DENIED, 1L);
                assertThat(r.udpRefusals()).containsEntry(Refusal.PROXY_PROTOCOL, 1L);
            });
            r.stop(java.time.Duration.ZERO, true);
            assertThat(connections.ended)
                    .singleElement()
                    .satisfies(s -> assertThat(s.client())
                            .isEqualTo(new InetSocketAddress(InetAddress.getByName("203.0.113.9"), 53000)));
        }
    }
}
