package org.asyncrelay.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
        try (HealthChecker checker = new HealthChecker(pool, Duration.ofMillis(200), Duration.ofMillis(200))) {
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
            try (HealthChecker checker = new HealthChecker(pool, Duration.ofMillis(300), Duration.ofMillis(300))) {
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

    @Test
    void checksAreOffForUdpOnlyServicesAndTheTimeoutNeverExceedsTheInterval() {
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
