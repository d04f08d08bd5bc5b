package org.asyncrelay.api;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * One way through backends, for a client connection, a UDP session, a health check or a backend
 * test: each candidate of a {@link BackendSelection} in turn and each address a candidate resolves
 * to in turn. A candidate has failed only when every one of its addresses has (#5); its outcome is
 * reported to it exactly once. How an address is tried and when it has failed is the caller's (a
 * TCP connect; a UDP socket that gets an ICMP unreachable before any answer; a probe), told back
 * through {@link #connected()} and {@link #addressFailed(Throwable)}.
 *
 * <p>Not thread-safe: its steps run on {@code executor} (an event loop), one at a time; with a
 * direct executor and resolved candidates the whole attempt runs in {@link #start()}.
 */
public final class FailoverAttempt {

    /** What the caller does at each step. */
    public interface Steps {

        /** Tries {@code address}; then calls {@code attempt}'s {@link #connected()} or {@link #addressFailed}. */
        void tryAddress(FailoverAttempt attempt, BackendCandidate candidate, InetSocketAddress address);

        /** {@code address} failed and the candidate's next address comes next. */
        default void nextAddress(BackendCandidate candidate, InetSocketAddress failed, Throwable cause) {}

        /** Every address of {@code candidate} failed, and it has been told. */
        default void backendFailed(BackendCandidate candidate, Throwable cause) {}

        /** No candidate is left. */
        void exhausted();

        /** Whether there is no one left to connect for (the client went away): the attempt stops. */
        default boolean abandoned() {
            return false;
        }
    }

    private final BackendSelection selection;
    private final Executor executor;
    private final Steps steps;
    private BackendCandidate candidate;
    private List<InetSocketAddress> addresses = List.of();
    private int index;

    public FailoverAttempt(BackendSelection selection, Executor executor, Steps steps) {
        this.selection = selection;
        this.executor = executor;
        this.steps = steps;
    }

    /** An attempt at one backend only, run on the caller's thread: a health check, a backend test. */
    public static FailoverAttempt at(BackendCandidate candidate, Steps steps) {
        Optional<BackendCandidate> once = Optional.of(candidate);
        BackendSelection one = new BackendSelection() {
            private boolean taken;

            @Override
            public Optional<BackendCandidate> next() {
                if (taken) {
                    return Optional.empty();
                }
                taken = true;
                return once;
            }
        };
        return new FailoverAttempt(one, Runnable::run, steps);
    }

    public void start() {
        next();
    }

    /** The candidate being tried, or null before the first and after the last. */
    public BackendCandidate candidate() {
        return candidate;
    }

    /** The address being tried. */
    public InetSocketAddress address() {
        return addresses.isEmpty() ? null : addresses.get(index);
    }

    /** The address tried last works: the candidate succeeded. */
    public void connected() {
        candidate.succeeded();
    }

    /** The address tried last failed: the candidate's next address, or the next candidate. */
    public void addressFailed(Throwable cause) {
        if (index + 1 < addresses.size() && !steps.abandoned()) {
            steps.nextAddress(candidate, addresses.get(index), cause);
            index++;
            steps.tryAddress(this, candidate, addresses.get(index));
            return;
        }
        fail(cause);
    }

    private void next() {
        if (steps.abandoned()) {
            return;
        }
        Optional<BackendCandidate> next = selection.next();
        if (next.isEmpty()) {
            candidate = null;
            addresses = List.of();
            steps.exhausted();
            return;
        }
        candidate = next.get();
        addresses = List.of();
        index = 0;
        CompletableFuture<List<InetSocketAddress>> resolved =
                candidate.resolve().toCompletableFuture();
        if (resolved.isDone()) {
            resolved(resolved);
        } else {
            resolved.whenComplete((a, e) -> executor.execute(() -> resolved(resolved)));
        }
    }

    private void resolved(CompletableFuture<List<InetSocketAddress>> resolved) {
        if (steps.abandoned()) {
            return;
        }
        try {
            addresses = resolved.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            fail(e.getCause() != null ? e.getCause() : e);
            return;
        }
        if (addresses.isEmpty()) {
            fail(new java.net.UnknownHostException(candidate.backend().host() + ": no address"));
            return;
        }
        steps.tryAddress(this, candidate, addresses.get(0));
    }

    private void fail(Throwable cause) {
        BackendCandidate failed = candidate;
        failed.failed(cause);
        steps.backendFailed(failed, cause);
        next();
    }

    /** A candidate for {@link #at}: addresses already known, outcome told to the given callbacks. */
    public static BackendCandidate candidate(
            BackendAddress backend,
            CompletionStage<List<InetSocketAddress>> addresses,
            Runnable succeeded,
            java.util.function.Consumer<Throwable> failed) {
        return new BackendCandidate() {
            @Override
            public BackendAddress backend() {
                return backend;
            }

            @Override
            public CompletionStage<List<InetSocketAddress>> resolve() {
                return addresses;
            }

            @Override
            public void succeeded() {
                succeeded.run();
            }

            @Override
            public void failed(Throwable cause) {
                failed.accept(cause);
            }
        };
    }
}
