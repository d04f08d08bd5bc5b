package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.api.settings.ServiceSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Shared event loops, a fixture backend pool, and a check for Netty leak reports. */
abstract class EngineTestBase {

    static {
        LeakWatch.install();
    }

    static EventLoops loops;
    final ExecutorService executor = Executors.newCachedThreadPool();
    final List<ServiceRuntime> runtimes = new ArrayList<>();
    final ConnectionRecorder connections = new ConnectionRecorder();

    @BeforeAll
    static void startLoops() {
        // the product's default: epoll when it loads; -Drelay.test.nio=true runs the tests on NIO
        loops = new EventLoops(2, !Boolean.getBoolean("relay.test.nio"), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopLoops() {
        loops.deactivate();
        System.gc();
        assertThat(LeakWatch.LEAKS).isEmpty();
    }

    @AfterEach
    void stopRuntimes() {
        runtimes.forEach(r -> r.stop(Duration.ZERO, true));
        executor.shutdownNow();
    }

    /** Whether the services of a test splice; a subclass may run its tests with splice on. */
    boolean splice() {
        return false;
    }

    static SettingValues settings() {
        return settings(5, 60, 60, 100);
    }

    static SettingValues settings(int connectTimeout, int idleTimeout, int udpIdleTimeout, int udpMaxSessions) {
        return settings(connectTimeout, idleTimeout, udpIdleTimeout, udpMaxSessions, 0);
    }

    static SettingValues settings(
            int connectTimeout, int idleTimeout, int udpIdleTimeout, int udpMaxSessions, int maxConnections) {
        return SettingValues.builder(ServiceSettings.ALL)
                .set(ServiceSettings.CONNECT_TIMEOUT, connectTimeout)
                .set(ServiceSettings.IDLE_TIMEOUT, idleTimeout)
                .set(ServiceSettings.UDP_IDLE_TIMEOUT, udpIdleTimeout)
                .set(ServiceSettings.UDP_MAX_SESSIONS, udpMaxSessions)
                .set(ServiceSettings.MAX_CONNECTIONS, maxConnections)
                .build();
    }

    ServiceRuntime relay(Protocol protocol, String address, int port, List<BackendAddress> backends, SettingValues s) {
        BackendPool pool = new FixturePool("t", backends);
        ServiceRuntime runtime = new ServiceRuntime(
                loops,
                () -> pool,
                connections,
                new ServiceRuntime.Definition("t", protocol, address, port, 4096, splice(), backends, s));
        runtime.start();
        runtimes.add(runtime);
        return runtime;
    }

    ServiceRuntime relay(Protocol protocol, List<BackendAddress> backends) {
        return relay(protocol, "127.0.0.1", 0, backends, settings());
    }

    static BackendAddress local(int port) {
        return new BackendAddress("127.0.0.1", port);
    }
}
