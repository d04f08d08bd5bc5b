package org.asyncrelay.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendCandidate;
import org.junit.jupiter.api.Test;

class PoolEventsTest {

    record Published(String event, BackendAddress backend, String ip, int failures, int available, int total) {}

    static final BackendAddress A = BackendAddress.parse("127.0.0.1:1001");
    static final BackendAddress B = BackendAddress.parse("127.0.0.2:1002");

    final MutableClock clock = new MutableClock();
    final List<Published> events = new ArrayList<>();
    final ServiceBackendPool pool = new ServiceBackendPool(
            "svc",
            new BackendQueue(List.of(A, B), Duration.ofMinutes(30), clock),
            new AddressLookup(new JdkResolver(Runnable::run)),
            (event, service, backend, ip, failures, available, total) ->
                    events.add(new Published(event, backend, ip, failures, available, total)));

    void fail(BackendAddress b) {
        BackendCandidate c = candidateFor(b);
        c.resolve();
        c.failed(new IOException("refused"));
    }

    BackendCandidate candidateFor(BackendAddress b) {
        var s = pool.select();
        while (true) {
            BackendCandidate c = s.next().orElseThrow();
            if (c.backend().equals(b)) {
                return c;
            }
        }
    }

    @Test
    void aSecondConsecutiveFailurePublishesBackendFailedOnce() {
        fail(A);
        assertThat(events).isEmpty();
        fail(A);
        assertThat(events).containsExactly(new Published("backend_failed", A, "127.0.0.1", 2, 1, 2));
    }

    @Test
    void aSuccessAfterCooldownPublishesBackendRecovered() {
        fail(A);
        fail(A);
        events.clear();
        clock.advance(Duration.ofMinutes(31));
        candidateFor(A).succeeded();
        assertThat(events).containsExactly(new Published("backend_recovered", A, "127.0.0.1", 0, 2, 2));
        candidateFor(A).succeeded();
        assertThat(events).hasSize(1);
    }

    @Test
    void allBackendsUnavailableIsPublishedOnceAndReArmed() {
        fail(A);
        fail(A);
        fail(B);
        fail(B);
        assertThat(events)
                .extracting(Published::event)
                .containsExactly("backend_failed", "backend_failed", "all_backends_unavailable");
        Published all = events.get(2);
        assertThat(all.backend()).isNull();
        assertThat(all.available()).isZero();
        assertThat(all.total()).isEqualTo(2);

        pool.select();
        assertThat(events).hasSize(3);

        candidateFor(B).succeeded();
        fail(B);
        fail(B);
        assertThat(events)
                .extracting(Published::event)
                .endsWith("backend_recovered", "backend_failed", "all_backends_unavailable");
    }

    @Test
    void failuresWhileEveryBackendIsCoolingPublishNothingNew() {
        fail(A);
        fail(A);
        fail(B);
        fail(B);
        int published = events.size();
        for (int i = 0; i < 10; i++) {
            fail(A);
            fail(B);
        }
        assertThat(events).hasSize(published);
    }
}
