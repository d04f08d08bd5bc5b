package org.asyncrelay.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendState;
import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.settings.ServiceSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.junit.jupiter.api.Test;

class HealthCheckerTest {

    final List<String> events = new ArrayList<>();

    ServiceBackendPool pool(List<BackendAddress> backends) {
        Clock clock = Clock.systemUTC();
        return new ServiceBackendPool(
                "hc",
                new BackendQueue(backends, Duration.ofMinutes(30), clock),
                new AddressLookup(new JdkResolver(Runnable::run)),
                (event, service, backend, ip, failures, available, total) -> {
                    synchronized (events) {
                        events.add(event + " " + backend);
                    }
                });
    }

    boolean published(String event) {
        synchronized (events) {
            return events.contains(event);
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void failingProbesPutABackendIntoCooldownAndASucceedingOneBringsItBack() throws Exception {
        int port = freePort();
        BackendAddress b = new BackendAddress("127.0.0.1", port);
        ServiceBackendPool pool = pool(List.of(b));
        try (HealthChecker checker =
                new HealthChecker(pool, Duration.ofMillis(200), Duration.ofMillis(200), true, null, null)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> pool.backends().get(0).state() == BackendState.COOLING);
            BackendStatus s = pool.backends().get(0);
            assertThat(s.lastCheck()).startsWith("failed: ");
            await().atMost(Duration.ofSeconds(5)).until(() -> published("backend_failed " + b));

            try (ServerSocket up = new ServerSocket()) {
                up.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> pool.backends().get(0).state() == BackendState.AVAILABLE);
                assertThat(pool.backends().get(0).lastCheck()).isEqualTo("ok");
                // every check's duration, the failed ones too: at least the two failures and the success
                assertThat(pool.healthCheckLatencies().get(b).count()).isGreaterThanOrEqualTo(3);
                await().atMost(Duration.ofSeconds(5)).until(() -> published("backend_recovered " + b));
            }
        }
    }

    @Test
    void eachBackendIsProbedAboutOncePerInterval() throws Exception {
        try (ServerSocket up = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // #13: the start of each probe is recorded by the probe's own thread (its name lookup),
            // not by an acceptor thread whose own scheduling delay would shift the instants
            List<Long> starts = new ArrayList<>();
            Executor recording = r -> {
                synchronized (starts) {
                    starts.add(System.nanoTime());
                }
                r.run();
            };
            BackendAddress b = new BackendAddress("localhost", up.getLocalPort());
            ServiceBackendPool pool = new ServiceBackendPool(
                    "hc",
                    new BackendQueue(List.of(b), Duration.ofMinutes(30), Clock.systemUTC()),
                    new AddressLookup(new JdkResolver(recording)),
                    (event, service, backend, ip, failures, available, total) -> {});
            try (HealthChecker checker =
                    new HealthChecker(pool, Duration.ofMillis(300), Duration.ofMillis(300), true, null, null)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    synchronized (starts) {
                        return starts.size() >= 4;
                    }
                });
            }
            synchronized (starts) {
                for (int i = 1; i < starts.size(); i++) {
                    assertThat((starts.get(i) - starts.get(i - 1)) / 1_000_000)
                            .as("no two probes of one backend within one interval")
                            .isGreaterThanOrEqualTo(300);
                }
            }
        }
    }

    /** A UDP echo backend that answers "pong" + what it got, on the port of {@code socket}. */
    static Thread echo(DatagramSocket socket) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[2048];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    byte[] answer = ("pong:" + new String(buf, 0, p.getLength(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void udpProbesDetectADeadAndARecoveredBackend() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        BackendAddress b = new BackendAddress("127.0.0.1", port);
        ServiceBackendPool pool = pool(List.of(b));
        try (HealthChecker checker = new HealthChecker(
                pool,
                Duration.ofMillis(200),
                Duration.ofMillis(200),
                false,
                org.asyncrelay.api.ProbePayload.parse("text:ping"),
                org.asyncrelay.api.ProbePayload.parse("text:pong:ping"))) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> pool.backends().get(0).state() == BackendState.COOLING);
            assertThat(pool.backends().get(0).lastCheck()).isEqualTo("failed: UDP port unreachable");
            try (DatagramSocket up =
                    new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                echo(up);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> pool.backends().get(0).state() == BackendState.AVAILABLE);
                assertThat(pool.backends().get(0).lastCheck()).isEqualTo("ok");
                await().atMost(Duration.ofSeconds(5)).until(() -> published("backend_recovered " + b));
            }
        }
    }

    @Test
    void aUdpAnswerThatDoesNotStartAsExpectedFailsTheProbe() throws Exception {
        try (DatagramSocket up = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            echo(up);
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), up.getLocalPort());
            UdpProbe.exchange(
                    at,
                    "a".getBytes(StandardCharsets.UTF_8),
                    "pong:a".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(2));
            UdpProbe.exchange(at, "a".getBytes(StandardCharsets.UTF_8), new byte[0], Duration.ofSeconds(2));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> UdpProbe.exchange(
                            at,
                            "a".getBytes(StandardCharsets.UTF_8),
                            "ping".getBytes(StandardCharsets.UTF_8),
                            Duration.ofSeconds(2)))
                    .isInstanceOf(IOException.class)
                    .hasMessage("UDP answer of 6 bytes does not start with the expected 4 bytes");
        }
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> UdpProbe.exchange(
                            at, "a".getBytes(StandardCharsets.UTF_8), new byte[0], Duration.ofMillis(300)))
                    .hasMessage("no UDP answer within 0 s");
        }
    }

    @Test
    void udpChecksNeedAPayloadAndRunBesideTcpOnesForBoth() {
        SettingValues udp = config("udp", true, 10, 5).with(ServiceSettings.HEALTH_CHECK_UDP_SEND, "hex:00ff");
        assertThat(BackendPoolComponent.Checks.of(udp).enabled()).isTrue();
        assertThat(BackendPoolComponent.Checks.of(udp).tcp()).isFalse();
        SettingValues both = config("both", true, 10, 5).with(ServiceSettings.HEALTH_CHECK_UDP_SEND, "hex:00ff");
        assertThat(BackendPoolComponent.Checks.of(both).tcp()).isTrue();
        assertThat(BackendPoolComponent.Checks.of(both).udpSend()).isEqualTo("hex:00ff");
        SettingValues tcp = config("tcp", true, 10, 5).with(ServiceSettings.HEALTH_CHECK_UDP_SEND, "hex:00ff");
        assertThat(BackendPoolComponent.Checks.of(tcp).udpSend()).isEmpty();
    }

    @Test
    void checksAreOffForUdpOnlyServicesWithoutAPayloadAndTheTimeoutNeverExceedsTheInterval() {
        assertThat(BackendPoolComponent.Checks.of(config("udp", true, 10, 5)).enabled())
                .isFalse();
        assertThat(BackendPoolComponent.Checks.of(config("both", true, 10, 5)).enabled())
                .isTrue();
        assertThat(BackendPoolComponent.Checks.of(config("tcp", false, 10, 5)).enabled())
                .isFalse();
        assertThat(BackendPoolComponent.Checks.of(config("tcp", true, 10, 30)).timeout())
                .isEqualTo(Duration.ofSeconds(10));
    }

    static SettingValues config(String protocol, boolean enabled, int interval, int timeout) {
        return ServiceSettings.of(Map.of(
                "protocol", protocol,
                "health.check.enabled", enabled,
                "health.check.interval", interval,
                "health.check.timeout", timeout));
    }
}
