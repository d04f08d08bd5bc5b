package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendState;
import org.asyncrelay.api.Protocol;
import org.junit.jupiter.api.Test;

/** The failover rules seen from a client, with real backends that fail in each way on loopback. */
class FailoverTest extends EngineTestBase {

    BackendPool pool;

    ServiceRuntime relayWithPool(List<BackendAddress> backends, int connectTimeout) {
        pool = new FixturePool("f", backends);
        ServiceRuntime runtime = new ServiceRuntime(
                loops,
                () -> pool,
                connections,
                new ServiceRuntime.Definition(
                        "f",
                        Protocol.TCP,
                        "127.0.0.1",
                        0,
                        4096,
                        false,
                        backends,
                        settings(connectTimeout, 60, 60, 100)));
        runtime.start();
        runtimes.add(runtime);
        return runtime;
    }

    static String exchange(InetSocketAddress relay, String text) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(relay, 5000);
            s.setSoTimeout(15_000);
            s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** A name whose first address has nothing listening and whose second is 127.0.0.1. */
    static final org.asyncrelay.api.BackendResolver TWO_ADDRESSES = new org.asyncrelay.api.BackendResolver() {
        @Override
        public java.util.concurrent.CompletionStage<List<InetAddress>> resolve(String host) {
            try {
                return java.util.concurrent.CompletableFuture.completedFuture(
                        List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1")));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void invalidate(String host) {}
    };

    BackendState stateOf(BackendAddress b) {
        return pool.backends().stream()
                .filter(s -> s.backend().equals(b))
                .findFirst()
                .orElseThrow()
                .state();
    }

    @Test
    void aBackendThatNeverAnswersTimesOutAndTheNextServes() throws Exception {
        // a listener whose accept queue is full: SYNs go unanswered, as from a host that is down
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                NettyEcho next = new NettyEcho()) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket f = new Socket();
                    try {
                        f.connect(silent.getLocalSocketAddress(), 300);
                        fillers.add(f);
                    } catch (IOException full) {
                        f.close();
                        break;
                    }
                }
                BackendAddress dead = local(silent.getLocalPort());
                ServiceRuntime relay = relayWithPool(List.of(dead, local(next.port())), 1);

                assertThat(exchange(relay.tcpAddress(), "late")).isEqualTo("late");
                assertThat(relay.stats().connectFailures()).isEqualTo(2);
                assertThat(stateOf(dead)).isEqualTo(BackendState.COOLING);
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    @Test
    void aBackendThatAcceptsThenResetsResetsThatClientOnly() throws Exception {
        try (ServerSocket resetter = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            BackendAddress b = local(resetter.getLocalPort());
            ServiceRuntime relay = relayWithPool(List.of(b), 5);
            executor.execute(() -> {
                while (!resetter.isClosed()) {
                    try (Socket s = resetter.accept()) {
                        s.getInputStream().read();
                        s.setSoLinger(true, 0);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            for (int i = 0; i < 2; i++) {
                try (Socket client = new Socket()) {
                    client.connect(relay.tcpAddress(), 5000);
                    client.setSoTimeout(10_000);
                    client.getOutputStream().write('x');
                    InputStream in = client.getInputStream();
                    assertThatThrownBy(() -> in.read()).hasMessageContaining("reset");
                }
            }
            // it accepted: a reset after connecting is the client's loss, not a failed backend
            assertThat(stateOf(b)).isEqualTo(BackendState.AVAILABLE);
            assertThat(relay.stats().connectFailures()).isZero();
        }
    }

    @Test
    void whenEveryBackendIsCoolingTheOneThatComesBackServesAndRecovers() throws Exception {
        int portA;
        int portB;
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            portA = a.getLocalPort();
            portB = b.getLocalPort();
        }
        BackendAddress a = local(portA);
        BackendAddress b = local(portB);
        ServiceRuntime relay = relayWithPool(List.of(a, b), 5);

        assertThat(exchange(relay.tcpAddress(), "nobody")).isEmpty();
        assertThat(stateOf(a)).isEqualTo(BackendState.COOLING);
        assertThat(stateOf(b)).isEqualTo(BackendState.COOLING);

        try (ServerSocket back = new ServerSocket()) {
            back.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), portB));
            executor.execute(() -> {
                try (Socket s = back.accept()) {
                    s.getOutputStream().write(s.getInputStream().readAllBytes());
                } catch (IOException ignored) {
                    // test over
                }
            });
            // every backend is cooling: they are tried anyway, in queue order
            assertThat(exchange(relay.tcpAddress(), "back")).isEqualTo("back");
            await().untilAsserted(() -> assertThat(stateOf(b)).isEqualTo(BackendState.AVAILABLE));
            assertThat(stateOf(a)).isEqualTo(BackendState.COOLING);
        }
    }

    @Test
    void everyAddressOfANameIsTriedBeforeTheBackendCountsAsFailed() throws Exception {
        try (NettyEcho echo = new NettyEcho()) {
            // the name's first address has nothing on the port, its second is the echo on 127.0.0.1
            BackendAddress twin = new BackendAddress("twin.test", echo.port());
            pool = new FixturePool("f", List.of(twin), TWO_ADDRESSES);
            ServiceRuntime relay = new ServiceRuntime(
                    loops,
                    () -> pool,
                    connections,
                    new ServiceRuntime.Definition(
                            "f", Protocol.TCP, "127.0.0.1", 0, 4096, false, List.of(twin), settings()));
            relay.start();
            runtimes.add(relay);

            assertThat(exchange(relay.tcpAddress(), "second address")).isEqualTo("second address");
            assertThat(relay.stats().connectFailures()).isZero();
            assertThat(pool.backends().get(0).failures()).isZero();
            assertThat(pool.backends().get(0).resolvedAddresses()).containsExactly("127.0.0.2", "127.0.0.1");
        }
    }

    @Test
    void aUdpSessionTriesEveryAddressOfANameToo() throws Exception {
        try (UdpEcho echo = new UdpEcho("U:");
                java.net.DatagramSocket client = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            BackendAddress twin = new BackendAddress("twin.test", echo.port());
            pool = new FixturePool("f", List.of(twin), TWO_ADDRESSES);
            ServiceRuntime relay = new ServiceRuntime(
                    loops,
                    () -> pool,
                    connections,
                    new ServiceRuntime.Definition(
                            "f", Protocol.UDP, "127.0.0.1", 0, 4096, false, List.of(twin), settings()));
            relay.start();
            runtimes.add(relay);

            assertThat(UdpEcho.exchange(client, relay.udpAddress(), "d".getBytes(StandardCharsets.US_ASCII)))
                    .isEqualTo("U:d".getBytes(StandardCharsets.US_ASCII));
            assertThat(relay.stats().connectFailures()).isZero();
            assertThat(pool.backends().get(0).failures()).isZero();
        }
    }
}
