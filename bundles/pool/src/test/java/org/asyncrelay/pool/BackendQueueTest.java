package org.asyncrelay.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendState;
import org.asyncrelay.api.BackendStatus;
import org.junit.jupiter.api.Test;

class BackendQueueTest {

    static final BackendAddress A = BackendAddress.parse("a.example:1");
    static final BackendAddress B = BackendAddress.parse("b.example:1");
    static final BackendAddress C = BackendAddress.parse("c.example:1");

    final MutableClock clock = new MutableClock();
    final BackendQueue queue = new BackendQueue(List.of(A, B, C), Duration.ofMinutes(30), clock);

    @Test
    void triesBackendsInListOrder() {
        assertThat(queue.candidates().backends()).containsExactly(A, B, C);
    }

    @Test
    void firstFailureAsksForARetry() {
        assertThat(queue.recordFailure(A, "refused")).isEqualTo(BackendQueue.FailureOutcome.RETRY);
        assertThat(queue.candidates().backends()).containsExactly(A, B, C);
        assertThat(queue.snapshot().get(0).failures()).isEqualTo(1);
    }

    @Test
    void seedTimeline_secondFailureMovesToTheEndAndCoolsForThirtyMinutes() {
        queue.recordFailure(A, "refused");
        assertThat(queue.recordFailure(A, "refused")).isEqualTo(BackendQueue.FailureOutcome.COOLDOWN);

        clock.advance(Duration.ofMinutes(1));
        assertThat(queue.snapshot()).extracting(BackendStatus::backend).containsExactly(B, C, A);
        assertThat(queue.snapshot().get(2).state()).isEqualTo(BackendState.COOLING);
        assertThat(queue.snapshot().get(2).cooldownRemaining()).isEqualTo(Duration.ofMinutes(29));
        assertThat(queue.candidates().backends()).containsExactly(B, C);

        clock.advance(Duration.ofMinutes(30));
        assertThat(queue.candidates().backends()).containsExactly(B, C, A);
        assertThat(queue.snapshot().get(2).state()).isEqualTo(BackendState.AVAILABLE);
    }

    @Test
    void failureCountRestartsAfterCooldown() {
        queue.recordFailure(A, "refused");
        queue.recordFailure(A, "refused");
        assertThat(queue.snapshot().get(2).failures()).isZero();
        clock.advance(Duration.ofMinutes(31));
        assertThat(queue.recordFailure(A, "refused")).isEqualTo(BackendQueue.FailureOutcome.RETRY);
    }

    @Test
    void successClearsCooldownAtOnceAndReportsRecovery() {
        queue.recordFailure(A, "refused");
        queue.recordFailure(A, "refused");
        assertThat(queue.recordSuccess(A)).isTrue();
        assertThat(queue.candidates().backends()).containsExactly(B, C, A);
        assertThat(queue.recordSuccess(A)).isFalse();
    }

    @Test
    void successResetsTheFailureCount() {
        queue.recordFailure(B, "refused");
        queue.recordSuccess(B);
        assertThat(queue.recordFailure(B, "refused")).isEqualTo(BackendQueue.FailureOutcome.RETRY);
    }

    @Test
    void whenEveryBackendIsCoolingAllAreOfferedInQueueOrder() {
        for (BackendAddress b : List.of(A, B, C)) {
            queue.recordFailure(b, "refused");
            queue.recordFailure(b, "refused");
        }
        BackendQueue.Candidates c = queue.candidates();
        assertThat(c.allCooling()).isTrue();
        assertThat(c.backends()).containsExactly(A, B, C);
    }

    @Test
    void zeroCooldownOnlyRotates() {
        BackendQueue q = new BackendQueue(List.of(A, B), Duration.ZERO, clock);
        q.recordFailure(A, "refused");
        q.recordFailure(A, "refused");
        assertThat(q.candidates().backends()).containsExactly(B, A);
        assertThat(q.candidates().allCooling()).isFalse();
    }

    @Test
    void reconfigureKeepsStateOfBackendsThatStay() {
        queue.recordFailure(A, "refused");
        queue.recordFailure(A, "refused");
        BackendAddress d = BackendAddress.parse("d.example:1");

        queue.reconfigure(List.of(d, A, C), Duration.ofMinutes(30));

        assertThat(queue.snapshot()).extracting(BackendStatus::backend).containsExactly(d, C, A);
        assertThat(queue.snapshot().get(2).state()).isEqualTo(BackendState.COOLING);
        assertThat(queue.snapshot().get(2).originalIndex()).isEqualTo(1);
    }

    @Test
    void aDrainedBackendGetsNoNewConnections() {
        queue.setOperatorState(B, BackendState.DRAINING);
        assertThat(queue.candidates().backends()).containsExactly(A, C);
        assertThat(queue.snapshot().get(1).state()).isEqualTo(BackendState.DRAINING);
        assertThat(queue.snapshot().get(1).stateReason()).isEqualTo("drained by an operator");
        queue.setOperatorState(B, BackendState.AVAILABLE);
        assertThat(queue.candidates().backends()).containsExactly(A, B, C);
    }

    @Test
    void aDisabledBackendIsNotTriedEvenWhenAllOthersAreCooling() {
        queue.setOperatorState(C, BackendState.DISABLED);
        for (BackendAddress b : List.of(A, B)) {
            queue.recordFailure(b, "refused");
            queue.recordFailure(b, "refused");
        }
        BackendQueue.Candidates c = queue.candidates();
        assertThat(c.allCooling()).isTrue();
        assertThat(c.backends()).containsExactly(A, B);
        assertThat(queue.probed(C)).isFalse();
        assertThat(queue.probed(A)).isTrue();
    }

    @Test
    void resettingACooldownMakesTheBackendAvailableAtOnce() {
        queue.recordFailure(A, "refused");
        queue.recordFailure(A, "refused");
        assertThat(queue.snapshot().get(2).stateReason()).isEqualTo("failed twice: refused");
        queue.resetCooldown(A);
        assertThat(queue.candidates().backends()).containsExactly(B, C, A);
        assertThat(queue.snapshot().get(2).failures()).isZero();
    }

    @Test
    void failbackPutsARecoveredBackendBackAtItsConfiguredPlace() {
        queue.failback(true);
        queue.recordFailure(A, "refused");
        queue.recordFailure(A, "refused");
        assertThat(queue.candidates().backends()).containsExactly(B, C);
        queue.recordSuccess(A);
        assertThat(queue.candidates().backends()).containsExactly(A, B, C);
    }

    @Test
    void aCooldownSeenOnAnotherRelayMovesTheBackendToTheEndForWhatIsLeftOfIt() {
        queue.failback(true);
        assertThat(queue.coolDown(A, Duration.ofSeconds(100), "failed on another relay"))
                .isTrue();

        assertThat(queue.candidates().backends()).containsExactly(B, C);
        assertThat(queue.snapshot().get(2).cooldownRemaining()).isEqualTo(Duration.ofSeconds(100));
        clock.advance(Duration.ofSeconds(100));
        assertThat(queue.candidates().backends()).containsExactly(B, C, A);
        assertThat(queue.coolDown(new BackendAddress("unknown", 1), Duration.ofSeconds(1), "x"))
                .isFalse();
    }

    @Test
    void aRemoteCooldownNeverOutlastsTheLocalOneAndARecoveryElsewhereEndsIt() {
        queue.failback(true);
        queue.coolDown(A, Duration.ofDays(365), "failed on another relay");
        assertThat(queue.snapshot().get(2).cooldownRemaining()).isEqualTo(Duration.ofSeconds(1800));

        assertThat(queue.recordSuccess(A)).isTrue();
        assertThat(queue.candidates().backends()).containsExactly(A, B, C);
    }

    @Test
    void slowStartGivesARecoveredBackendAShareThatGrowsWithTime() {
        queue.failback(true, Duration.ofSeconds(100));
        queue.recordFailure(A, "refused");
        queue.recordFailure(A, "refused");
        queue.recordSuccess(A);
        assertThat(share(A, 1000)).isZero();
        assertThat(queue.snapshot().get(0).stateReason()).isEqualTo("slow start: 0 % of new connections, 100 s left");
        clock.advance(Duration.ofSeconds(25));
        assertThat(share(A, 1000)).isEqualTo(250);
        assertThat(queue.snapshot().get(0).slowStartShare()).isEqualTo(0.25);
        clock.advance(Duration.ofSeconds(50));
        assertThat(share(A, 1000)).isEqualTo(750);
        clock.advance(Duration.ofSeconds(25));
        assertThat(share(A, 1000)).isEqualTo(1000);
        assertThat(queue.snapshot().get(0).stateReason()).isEmpty();
        assertThat(queue.snapshot().get(0).slowStartShare()).isEqualTo(1.0);
    }

    @Test
    void theRestOfASlowStartingBackendsConnectionsGoWhereTheyWentBefore() {
        queue.failback(true, Duration.ofSeconds(100));
        queue.recordFailure(A, "refused");
        queue.recordFailure(A, "refused");
        queue.recordSuccess(A);
        clock.advance(Duration.ofSeconds(50));
        List<List<BackendAddress>> orders = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            orders.add(queue.candidates().backends());
        }
        assertThat(orders).containsOnly(List.of(A, B, C), List.of(B, C, A));
        assertThat(orders).filteredOn(o -> o.get(0).equals(A)).hasSize(2);
    }

    @Test
    void aBackendThatFailsDuringSlowStartStartsOverAfterItsNextRecovery() {
        queue.failback(true, Duration.ofSeconds(100));
        queue.recordFailure(A, "refused");
        queue.recordFailure(A, "refused");
        queue.recordSuccess(A);
        clock.advance(Duration.ofSeconds(90));
        queue.recordFailure(A, "refused");
        queue.recordFailure(A, "refused");
        clock.advance(Duration.ofMinutes(31));
        queue.recordSuccess(A);
        assertThat(share(A, 100)).isZero();
    }

    @Test
    void withoutFailbackSlowStartDoesNothing() {
        queue.failback(false, Duration.ofSeconds(100));
        queue.recordFailure(A, "refused");
        queue.recordFailure(A, "refused");
        queue.recordSuccess(A);
        assertThat(queue.candidates().backends()).containsExactly(B, C, A);
        assertThat(queue.snapshot().get(2).slowStartShare()).isEqualTo(1.0);
    }

    /** Of {@code n} connections, how many try {@code backend} first. */
    private int share(BackendAddress backend, int n) {
        int first = 0;
        for (int i = 0; i < n; i++) {
            if (queue.candidates().backends().get(0).equals(backend)) {
                first++;
            }
        }
        return first;
    }

    @Test
    void withoutFailbackARecoveredBackendStaysAtTheEnd() {
        queue.recordFailure(A, "refused");
        queue.recordFailure(A, "refused");
        queue.recordSuccess(A);
        assertThat(queue.candidates().backends()).containsExactly(B, C, A);
    }

    @Test
    void aCoolingBackendThatFailsAgainRestartsItsCooldownWithoutANewTransition() {
        queue.recordFailure(A, "refused");
        queue.recordFailure(A, "refused");
        clock.advance(Duration.ofMinutes(10));
        queue.recordFailure(A, "refused");
        assertThat(queue.recordFailure(A, "refused")).isEqualTo(BackendQueue.FailureOutcome.COOLDOWN_AGAIN);
        assertThat(queue.snapshot().get(2).cooldownRemaining()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aShorterCooldownShortensThoseUnderWayAndZeroEndsThem() {
        queue.recordFailure(A, "refused");
        queue.recordFailure(A, "refused");
        queue.reconfigure(List.of(A, B, C), Duration.ofMinutes(5));
        assertThat(queue.snapshot().get(2).cooldownRemaining()).isEqualTo(Duration.ofMinutes(5));
        queue.reconfigure(List.of(A, B, C), Duration.ZERO);
        assertThat(queue.snapshot().get(2).state()).isEqualTo(BackendState.AVAILABLE);
    }
}
