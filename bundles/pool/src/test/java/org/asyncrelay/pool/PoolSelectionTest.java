package org.asyncrelay.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendCandidate;
import org.asyncrelay.api.BackendSelection;
import org.junit.jupiter.api.Test;

class PoolSelectionTest {

    static final BackendAddress A = BackendAddress.parse("127.0.0.1:1001");
    static final BackendAddress B = BackendAddress.parse("127.0.0.2:1002");
    static final BackendAddress C = BackendAddress.parse("127.0.0.3:1003");

    final MutableClock clock = new MutableClock();
    final ServiceBackendPool pool = new ServiceBackendPool(
            "test",
            new BackendQueue(List.of(A, B, C), Duration.ofMinutes(30), clock),
            new AddressLookup(new JdkResolver(Runnable::run)),
            PoolEvents.NONE);

    @Test
    void retriesAFailedBackendOnceThenMovesOn() {
        BackendSelection s = pool.select();
        List<BackendAddress> tried = new ArrayList<>();
        Optional<BackendCandidate> c;
        while ((c = s.next()).isPresent()) {
            tried.add(c.get().backend());
            if (c.get().backend().equals(B)) {
                c.get().succeeded();
                break;
            }
            c.get().failed(new IOException("refused"));
        }
        assertThat(tried).containsExactly(A, A, B);
        assertThat(pool.select().next().orElseThrow().backend()).isEqualTo(B);
        assertThat(pool.backends()).extracting(b -> b.backend()).containsExactly(B, C, A);
    }

    @Test
    void exhaustsWhenEveryBackendFails() {
        BackendSelection s = pool.select();
        int attempts = 0;
        Optional<BackendCandidate> c;
        while ((c = s.next()).isPresent()) {
            attempts++;
            c.get().failed(new IOException("refused"));
        }
        assertThat(attempts).isEqualTo(6);
    }

    @Test
    void resolvesIpLiteralsWithoutLookup() throws Exception {
        InetSocketAddress a = pool.select()
                .next()
                .orElseThrow()
                .resolve()
                .toCompletableFuture()
                .get()
                .get(0);
        assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(a.getPort()).isEqualTo(1001);
        assertThat(pool.backends().get(0).resolvedAddresses()).containsExactly("127.0.0.1");
    }

    @Test
    void aNamesAddressesAreRecordedWhenItsAnswerChanges() throws Exception {
        java.util.concurrent.atomic.AtomicReference<List<java.net.InetAddress>> answer =
                new java.util.concurrent.atomic.AtomicReference<>(List.of(java.net.InetAddress.getByName("192.0.2.1")));
        org.asyncrelay.api.BackendResolver resolver = new org.asyncrelay.api.BackendResolver() {
            public java.util.concurrent.CompletionStage<List<java.net.InetAddress>> resolve(String host) {
                return java.util.concurrent.CompletableFuture.completedFuture(answer.get());
            }

            public void invalidate(String host) {}
        };
        BackendAddress named = BackendAddress.parse("db.test:5432");
        ServiceBackendPool byName = new ServiceBackendPool(
                "named",
                new BackendQueue(List.of(named), Duration.ofMinutes(30), clock),
                new AddressLookup(resolver),
                PoolEvents.NONE);

        List<InetSocketAddress> first =
                byName.resolve(named).toCompletableFuture().get();
        assertThat(byName.resolve(named).toCompletableFuture().get()).isSameAs(first);
        assertThat(byName.backends().get(0).resolvedAddresses()).containsExactly("192.0.2.1");

        answer.set(List.of(java.net.InetAddress.getByName("192.0.2.2"), java.net.InetAddress.getByName("2001:db8::2")));
        assertThat(byName.resolve(named).toCompletableFuture().get())
                .extracting(InetSocketAddress::getPort)
                .containsExactly(5432, 5432);
        assertThat(byName.backends().get(0).resolvedAddresses()).containsExactly("192.0.2.2", "2001:db8:0:0:0:0:0:2");
    }
}
