package org.asyncrelay.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FailoverAttemptTest {

    final List<String> log = new ArrayList<>();

    BackendCandidate candidate(String name, CompletableFuture<List<InetSocketAddress>> addresses) {
        return FailoverAttempt.candidate(
                BackendAddress.parse(name + ":80"),
                addresses,
                () -> log.add(name + " succeeded"),
                e -> log.add(name + " failed: " + e.getMessage()));
    }

    static CompletableFuture<List<InetSocketAddress>> at(int... lastOctets) {
        List<InetSocketAddress> list = new ArrayList<>();
        for (int o : lastOctets) {
            list.add(new InetSocketAddress("192.0.2." + o, 80));
        }
        return CompletableFuture.completedFuture(list);
    }

    static BackendSelection selection(BackendCandidate... candidates) {
        Iterator<BackendCandidate> it = List.of(candidates).iterator();
        return () -> it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }

    /** Connects to the addresses in {@code working}, fails the others. */
    FailoverAttempt.Steps steps(Set<String> working) {
        return new FailoverAttempt.Steps() {
            @Override
            public void tryAddress(FailoverAttempt attempt, BackendCandidate candidate, InetSocketAddress address) {
                String a = address.getAddress().getHostAddress();
                log.add("try " + a);
                if (working.contains(a)) {
                    attempt.connected();
                } else {
                    attempt.addressFailed(new IOException(a + " refused"));
                }
            }

            @Override
            public void backendFailed(BackendCandidate candidate, Throwable cause) {
                log.add("counted " + candidate.backend().host());
            }

            @Override
            public void exhausted() {
                log.add("exhausted");
            }
        };
    }

    @Test
    void aBackendFailsOnlyWhenEveryAddressHasAndIsToldOnce() {
        new FailoverAttempt(
                        selection(candidate("a", at(1, 2)), candidate("b", at(3, 4))),
                        Runnable::run,
                        steps(Set.of("192.0.2.4")))
                .start();
        assertThat(log)
                .containsExactly(
                        "try 192.0.2.1",
                        "try 192.0.2.2",
                        "a failed: 192.0.2.2 refused",
                        "counted a",
                        "try 192.0.2.3",
                        "try 192.0.2.4",
                        "b succeeded");
    }

    @Test
    void aFailedLookupFailsTheBackendAndNoBackendLeftEndsIt() {
        CompletableFuture<List<InetSocketAddress>> unknown = new CompletableFuture<>();
        unknown.completeExceptionally(new java.net.UnknownHostException("nxdomain"));
        new FailoverAttempt(selection(candidate("a", unknown), candidate("b", at(5))), Runnable::run, steps(Set.of()))
                .start();
        assertThat(log)
                .containsExactly(
                        "a failed: nxdomain",
                        "counted a",
                        "try 192.0.2.5",
                        "b failed: 192.0.2.5 refused",
                        "counted b",
                        "exhausted");
    }

    @Test
    void aLookupThatCompletesLaterContinuesOnTheExecutorAndStopsWhenAbandoned() {
        CompletableFuture<List<InetSocketAddress>> later = new CompletableFuture<>();
        List<Runnable> queued = new ArrayList<>();
        boolean[] gone = {false};
        FailoverAttempt.Steps inner = steps(Set.of("192.0.2.6"));
        FailoverAttempt attempt =
                new FailoverAttempt(selection(candidate("a", later)), queued::add, new FailoverAttempt.Steps() {
                    @Override
                    public void tryAddress(FailoverAttempt a, BackendCandidate c, InetSocketAddress address) {
                        inner.tryAddress(a, c, address);
                    }

                    @Override
                    public void exhausted() {
                        inner.exhausted();
                    }

                    @Override
                    public boolean abandoned() {
                        return gone[0];
                    }
                });
        attempt.start();
        later.complete(at(6).join());
        assertThat(log).isEmpty();
        assertThat(queued).hasSize(1);
        queued.get(0).run();
        assertThat(log).containsExactly("try 192.0.2.6", "a succeeded");
        assertThat(attempt.address()).isEqualTo(new InetSocketAddress("192.0.2.6", 80));

        log.clear();
        CompletableFuture<List<InetSocketAddress>> never = new CompletableFuture<>();
        new FailoverAttempt(
                        selection(candidate("b", at(7)), candidate("c", never)),
                        Runnable::run,
                        new FailoverAttempt.Steps() {
                            @Override
                            public void tryAddress(FailoverAttempt a, BackendCandidate c, InetSocketAddress address) {
                                gone[0] = true; // the client went away while connecting
                                a.addressFailed(new IOException("refused"));
                            }

                            @Override
                            public void exhausted() {
                                log.add("exhausted");
                            }

                            @Override
                            public boolean abandoned() {
                                return gone[0];
                            }
                        })
                .start();
        assertThat(log).as("told, and no further backend tried").containsExactly("b failed: refused");
    }
}
