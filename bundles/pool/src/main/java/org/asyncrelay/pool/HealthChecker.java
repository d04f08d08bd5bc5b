package org.asyncrelay.pool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendCandidate;
import org.asyncrelay.api.FailoverAttempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP connect probes of a pool's backends: each backend on its own schedule, started at a random
 * point of the first interval so that probes of many backends do not bunch up, and never more
 * than one at a time. Results count like traffic: a success ends a cooldown, failures lead to one.
 */
final class HealthChecker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private final ServiceBackendPool pool;
    private final Duration interval;
    private final Duration timeout;
    private final boolean tcp;
    private final byte[] udpSend;
    private final byte[] udpExpect;
    private final ScheduledExecutorService scheduler;
    private final Map<BackendAddress, ScheduledFuture<?>> probes = new HashMap<>();

    /**
     * @param tcp probe with a TCP connect
     * @param udpSend probe with this datagram too (null: not), expecting an answer that starts with
     *     {@code udpExpect} (empty: any answer)
     */
    HealthChecker(
            ServiceBackendPool pool,
            Duration interval,
            Duration timeout,
            boolean tcp,
            byte[] udpSend,
            byte[] udpExpect) {
        this.pool = pool;
        this.interval = interval;
        this.timeout = timeout;
        this.tcp = tcp;
        this.udpSend = udpSend;
        this.udpExpect = udpExpect;
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "relay-health-" + pool.serviceName());
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
        sync(pool.backendList());
        LOG.info(
                "relay {}: health checks ({}) every {} s, timeout {} s",
                pool.serviceName(),
                tcp && udpSend != null ? "TCP connect and UDP" : tcp ? "TCP connect" : "UDP",
                interval.toSeconds(),
                timeout.toSeconds());
    }

    /** Starts probes of new backends and stops those of removed ones. */
    synchronized void sync(List<BackendAddress> backends) {
        probes.keySet().removeIf(b -> {
            if (!backends.contains(b)) {
                probes.get(b).cancel(false);
                return true;
            }
            return false;
        });
        for (BackendAddress b : backends) {
            probes.computeIfAbsent(b, x -> {
                long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, interval.toMillis()));
                return scheduler.scheduleWithFixedDelay(
                        () -> probe(x), jitter, interval.toMillis(), TimeUnit.MILLISECONDS);
            });
        }
    }

    private void probe(BackendAddress backend) {
        if (!pool.probed(backend)) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            List<InetSocketAddress> addresses =
                    pool.resolve(backend).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // like traffic, a probe fails only when every address of the backend failed
            FailoverAttempt.at(
                            FailoverAttempt.candidate(
                                    backend,
                                    CompletableFuture.completedFuture(addresses),
                                    () -> {
                                        pool.checked(backend, "ok", since(t0));
                                        pool.succeeded(backend);
                                    },
                                    cause -> failed(backend, cause, t0)),
                            new Probe())
                    .start();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            failed(
                    backend,
                    e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e,
                    t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("relay {}: health check of {}: {}", pool.serviceName(), backend, e.toString());
        }
    }

    private void failed(BackendAddress backend, Throwable cause, long t0) {
        String why = cause.getMessage() != null
                ? cause.getMessage()
                : cause.getClass().getSimpleName();
        pool.checked(backend, "failed: " + why, since(t0));
        LOG.debug("relay {}: health check of {} failed: {}", pool.serviceName(), backend, why);
        pool.failed(backend, cause);
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** A TCP connect, a UDP exchange or both within the timeout, on the probe's thread. */
    private final class Probe implements FailoverAttempt.Steps {

        @Override
        public void tryAddress(FailoverAttempt attempt, BackendCandidate candidate, InetSocketAddress address) {
            try {
                if (tcp) {
                    try (Socket s = new Socket()) {
                        s.connect(address, (int) timeout.toMillis());
                    }
                }
                if (udpSend != null) {
                    UdpProbe.exchange(address, udpSend, udpExpect, timeout);
                }
            } catch (IOException e) {
                attempt.addressFailed(e);
                return;
            }
            attempt.connected();
        }

        @Override
        public void exhausted() {}
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
