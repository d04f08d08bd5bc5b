package org.asyncrelay.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendState;
import org.asyncrelay.api.BackendStatus;

/**
 * The seed's failover rules for one service: backends in queue order; a first consecutive failure
 * asks for an immediate retry, a second moves the backend to the end of the queue and into
 * cooldown; a success clears both. Methods are short and synchronized; {@link #candidates()} is
 * called once per client connection, never per packet.
 */
final class BackendQueue {

    /** What a failure did to its backend. */
    enum FailureOutcome {
        /** First consecutive failure: clear its DNS entry and try it again at once. */
        RETRY,
        /** Second consecutive failure: moved to the end of the queue and cooling down. */
        COOLDOWN,
        /** Failed again while cooling (tried because every backend was): its cooldown starts over. */
        COOLDOWN_AGAIN
    }

    private static final class Entry {
        final BackendAddress address;
        int originalIndex;
        int failures;
        Instant cooldownUntil;
        boolean recoveryPending;
        List<String> resolved = List.of();
        String lastCheck = "";
        String failureReason = "";
        BackendState operator = BackendState.AVAILABLE;
        Duration lastCheckLatency = Duration.ZERO;
        /** While slow start runs after a recovery: when it ends. */
        Instant slowStartUntil;
        /** Shares of connections owed to this backend during slow start (error diffusion, no randomness). */
        double slowStartCredit;

        Entry(BackendAddress address, int originalIndex) {
            this.address = address;
            this.originalIndex = originalIndex;
        }

        boolean cooling(Instant now) {
            return cooldownUntil != null && now.isBefore(cooldownUntil);
        }

        boolean takenOut() {
            return operator != BackendState.AVAILABLE;
        }
    }

    private final Clock clock;
    private final List<Entry> queue = new ArrayList<>();
    private Duration cooldown;
    private boolean failback;
    private Duration slowStart = Duration.ZERO;
    private boolean allUnavailableAnnounced;

    BackendQueue(List<BackendAddress> backends, Duration cooldown, Clock clock) {
        this.clock = clock;
        this.cooldown = cooldown;
        for (int i = 0; i < backends.size(); i++) {
            queue.add(new Entry(backends.get(i), i));
        }
    }

    /**
     * The backends one connection should try, in order: those not cooling, or every backend when
     * all are cooling (the service never fails closed while a backend might answer).
     */
    synchronized Candidates candidates() {
        Instant now = clock.instant();
        List<BackendAddress> available = new ArrayList<>(queue.size());
        List<BackendAddress> inService = new ArrayList<>(queue.size());
        List<BackendAddress> notYet = null;
        for (Entry e : queue) {
            if (e.takenOut()) {
                continue;
            }
            inService.add(e.address);
            if (e.cooling(now)) {
                continue;
            }
            if (e.slowStartUntil != null && !takesThisConnection(e, now)) {
                if (notYet == null) {
                    notYet = new ArrayList<>(1);
                }
                notYet.add(e.address);
            } else {
                available.add(e.address);
            }
        }
        if (notYet != null) {
            // the rest of its connections go where they went before it recovered: to the others first
            available.addAll(notYet);
        }
        if (!available.isEmpty()) {
            allUnavailableAnnounced = false;
            return new Candidates(available, false);
        }
        return new Candidates(inService, !inService.isEmpty());
    }

    /**
     * Slow start: whether this connection takes {@code e} at its place in the queue. The share
     * grows linearly from 0 to 1 over {@code slow_start}; each connection adds it to a credit and
     * one whole credit buys a connection, so N connections give it round(N x share), exactly.
     */
    private boolean takesThisConnection(Entry e, Instant now) {
        double share = slowStartShare(e, now);
        if (share >= 1) {
            e.slowStartUntil = null;
            e.slowStartCredit = 0;
            return true;
        }
        e.slowStartCredit += share;
        if (e.slowStartCredit >= 1) {
            e.slowStartCredit -= 1;
            return true;
        }
        return false;
    }

    private double slowStartShare(Entry e, Instant now) {
        if (e.slowStartUntil == null || slowStart.isZero() || !now.isBefore(e.slowStartUntil)) {
            return 1;
        }
        double left = Duration.between(now, e.slowStartUntil).toNanos();
        return Math.max(0, 1 - left / slowStart.toNanos());
    }

    synchronized FailureOutcome recordFailure(BackendAddress backend, String reason) {
        Entry e = find(backend);
        if (e == null) {
            return FailureOutcome.COOLDOWN;
        }
        e.slowStartUntil = null;
        e.failureReason = reason;
        e.failures++;
        if (e.failures < 2) {
            return FailureOutcome.RETRY;
        }
        boolean wasCooling = e.cooling(clock.instant());
        e.failures = 0;
        queue.remove(e);
        queue.add(e);
        if (!cooldown.isZero()) {
            e.cooldownUntil = clock.instant().plus(cooldown);
            e.recoveryPending = true;
        }
        return wasCooling ? FailureOutcome.COOLDOWN_AGAIN : FailureOutcome.COOLDOWN;
    }

    /**
     * #21: a cooldown another relay decided: to the end of the queue, cooling for {@code remaining}
     * (nothing when the cooldown is off here or {@code remaining} is not positive).
     */
    synchronized boolean coolDown(BackendAddress backend, Duration remaining, String reason) {
        Entry e = find(backend);
        if (e == null) {
            return false;
        }
        if (cooldown.isZero() || remaining.isNegative() || remaining.isZero()) {
            return true;
        }
        e.slowStartUntil = null;
        e.failureReason = reason;
        e.failures = 0;
        queue.remove(e);
        queue.add(e);
        Duration capped = remaining.compareTo(cooldown) > 0 ? cooldown : remaining;
        e.cooldownUntil = clock.instant().plus(capped);
        e.recoveryPending = true;
        return true;
    }

    /**
     * True once each time every backend has gone into cooldown: the caller announces
     * all_backends_unavailable. Re-armed as soon as a backend is available again.
     */
    synchronized boolean announceAllUnavailable() {
        if (allUnavailableAnnounced || availableCount() > 0 || queue.stream().allMatch(Entry::takenOut)) {
            return false;
        }
        allUnavailableAnnounced = true;
        return true;
    }

    synchronized int availableCount() {
        Instant now = clock.instant();
        int n = 0;
        for (Entry e : queue) {
            if (!e.cooling(now) && !e.takenOut()) {
                n++;
            }
        }
        return n;
    }

    synchronized int total() {
        return queue.size();
    }

    synchronized List<String> resolvedOf(BackendAddress backend) {
        Entry e = find(backend);
        return e == null ? List.of() : e.resolved;
    }

    /** Returns true when the backend had been in cooldown: it has recovered. */
    synchronized boolean recordSuccess(BackendAddress backend) {
        Entry e = find(backend);
        if (e == null) {
            return false;
        }
        e.failures = 0;
        e.cooldownUntil = null;
        allUnavailableAnnounced = false;
        boolean recovered = e.recoveryPending;
        e.recoveryPending = false;
        if (recovered && failback) {
            if (!slowStart.isZero()) {
                e.slowStartUntil = clock.instant().plus(slowStart);
                e.slowStartCredit = 0;
            }
            // #5 failback: back to its configured place among the others
            queue.remove(e);
            int at = 0;
            while (at < queue.size() && queue.get(at).originalIndex < e.originalIndex) {
                at++;
            }
            queue.add(at, e);
        }
        return recovered;
    }

    synchronized void recordCheck(BackendAddress backend, String result, Duration latency) {
        Entry e = find(backend);
        if (e != null) {
            e.lastCheck = result;
            e.lastCheckLatency = latency;
        }
    }

    synchronized List<BackendAddress> backendList() {
        return queue.stream().map(e -> e.address).toList();
    }

    synchronized void recordResolved(BackendAddress backend, List<String> addresses) {
        Entry e = find(backend);
        if (e != null) {
            e.resolved = List.copyOf(addresses);
        }
    }

    /** An operator's state for a backend: AVAILABLE undoes DRAINING and DISABLED. */
    synchronized boolean setOperatorState(BackendAddress backend, BackendState state) {
        Entry e = find(backend);
        if (e == null) {
            return false;
        }
        e.operator = state;
        if (state == BackendState.AVAILABLE) {
            allUnavailableAnnounced = false;
        }
        return true;
    }

    synchronized boolean resetCooldown(BackendAddress backend) {
        Entry e = find(backend);
        if (e == null) {
            return false;
        }
        e.cooldownUntil = null;
        e.failures = 0;
        allUnavailableAnnounced = false;
        return true;
    }

    synchronized boolean probed(BackendAddress backend) {
        Entry e = find(backend);
        return e != null && e.operator != BackendState.DISABLED;
    }

    synchronized void failback(boolean failback) {
        failback(failback, Duration.ZERO);
    }

    /** {@code slowStart} zero: a recovered backend takes its share at once. */
    synchronized void failback(boolean failback, Duration slowStart) {
        this.failback = failback;
        this.slowStart = failback ? slowStart : Duration.ZERO;
        if (this.slowStart.isZero()) {
            queue.forEach(e -> e.slowStartUntil = null);
        }
    }

    /**
     * Applies a new backend list: backends that stay keep their state and queue order, new ones
     * take their configured place, removed ones go.
     */
    synchronized void reconfigure(List<BackendAddress> backends, Duration newCooldown) {
        this.cooldown = newCooldown;
        // a shorter cooldown shortens those under way; 0 ends them
        Instant cap = clock.instant().plus(newCooldown);
        for (Entry e : queue) {
            if (e.cooldownUntil != null && e.cooldownUntil.isAfter(cap)) {
                e.cooldownUntil = newCooldown.isZero() ? null : cap;
            }
        }
        List<Entry> kept = new ArrayList<>();
        for (Entry e : queue) {
            int index = backends.indexOf(e.address);
            if (index >= 0) {
                e.originalIndex = index;
                kept.add(e);
            }
        }
        for (int i = 0; i < backends.size(); i++) {
            if (find(kept, backends.get(i)) == null) {
                kept.add(Math.min(i, kept.size()), new Entry(backends.get(i), i));
            }
        }
        queue.clear();
        queue.addAll(kept);
    }

    synchronized List<BackendStatus> snapshot() {
        Instant now = clock.instant();
        List<BackendStatus> result = new ArrayList<>(queue.size());
        for (int i = 0; i < queue.size(); i++) {
            Entry e = queue.get(i);
            boolean cooling = e.cooling(now);
            BackendState state = e.takenOut() ? e.operator : cooling ? BackendState.COOLING : BackendState.AVAILABLE;
            double share = state == BackendState.AVAILABLE ? slowStartShare(e, now) : 1;
            String reason = switch (state) {
                case DRAINING -> "drained by an operator";
                case DISABLED -> "disabled by an operator";
                case COOLING -> "failed twice: " + e.failureReason;
                default ->
                    share < 1
                            ? String.format(
                                    java.util.Locale.ROOT,
                                    "slow start: %d %% of new connections, %d s left",
                                    (int) (share * 100),
                                    Math.max(
                                            1,
                                            Duration.between(now, e.slowStartUntil)
                                                    .toSeconds()))
                            : "";
            };
            result.add(new BackendStatus(
                    i,
                    e.originalIndex,
                    e.address,
                    state,
                    reason,
                    e.failures,
                    cooling ? Duration.between(now, e.cooldownUntil) : Duration.ZERO,
                    e.resolved,
                    e.lastCheck,
                    e.lastCheckLatency,
                    share));
        }
        return result;
    }

    Duration cooldown() {
        return cooldown;
    }

    private Entry find(BackendAddress backend) {
        return find(queue, backend);
    }

    private static Entry find(List<Entry> entries, BackendAddress backend) {
        for (Entry e : entries) {
            if (e.address.equals(backend)) {
                return e;
            }
        }
        return null;
    }

    /** @param allCooling every backend is in cooldown; they are offered anyway */
    record Candidates(List<BackendAddress> backends, boolean allCooling) {}
}
