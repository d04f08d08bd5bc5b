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
}
