package org.asyncrelay.web;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendCandidate;
import org.asyncrelay.api.BackendResolver;
import org.asyncrelay.api.FailoverAttempt;
import org.asyncrelay.api.status.ServiceStatus;

/**
 * {@code POST /api/test-backend}: resolves a backend and opens a TCP connection to each of its
 * addresses in turn until one answers, as the relay would. Runs on the request's thread.
 */
final class BackendProbe {

    private final BackendResolver resolver;
    private final Duration timeout;

    BackendProbe(BackendResolver resolver, Duration timeout) {
        this.resolver = resolver;
        this.timeout = timeout;
    }

    Map<String, Object> probe(BackendAddress backend) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("backend", backend.toString());
        long started = System.nanoTime();
        List<InetAddress> addresses;
        try {
            addresses = resolve(backend.host());
        } catch (UnknownHostException e) {
            return failed(result, "cannot resolve " + backend.host() + ": " + e.getMessage());
        }
        result.put(
                "resolved_ips",
                addresses.stream().map(InetAddress::getHostAddress).toList());
        List<String> attempts = new ArrayList<>();
        List<InetSocketAddress> targets = addresses.stream()
                .map(a -> new InetSocketAddress(a, backend.port()))
                .toList();
        FailoverAttempt.at(
                        FailoverAttempt.candidate(
                                backend, CompletableFuture.completedFuture(targets), () -> {}, cause -> {}),
                        new FailoverAttempt.Steps() {
                            @Override
                            public void tryAddress(
                                    FailoverAttempt attempt, BackendCandidate candidate, InetSocketAddress target) {
                                String shown = ServiceStatus.hostPort(
                                        target.getAddress().getHostAddress(), backend.port());
                                long begin = System.nanoTime();
                                try (Socket s = new Socket()) {
                                    s.connect(target, (int) timeout.toMillis());
                                } catch (IOException e) {
                                    attempts.add(shown + ": " + reason(e));
                                    attempt.addressFailed(e);
                                    return;
                                }
                                result.put("success", true);
                                result.put("address", shown);
                                result.put("latency_ms", Math.round((System.nanoTime() - begin) / 10_000.0) / 100.0);
                                result.put("total_ms", Math.round((System.nanoTime() - started) / 10_000.0) / 100.0);
                                attempt.connected();
                            }

                            @Override
                            public void exhausted() {}
                        })
                .start();
        return result.containsKey("success") ? result : failed(result, String.join("; ", attempts));
    }

    private List<InetAddress> resolve(String host) throws UnknownHostException {
        if (resolver == null) {
            return List.of(InetAddress.getAllByName(host));
        }
        try {
            List<InetAddress> all =
                    resolver.resolve(host).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (all.isEmpty()) {
                throw new UnknownHostException("no addresses");
            }
            return all;
        } catch (ExecutionException e) {
            throw new UnknownHostException(String.valueOf(e.getCause().getMessage()));
        } catch (TimeoutException e) {
            throw new UnknownHostException("no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException("interrupted");
        }
    }

    private static Map<String, Object> failed(Map<String, Object> result, String error) {
        result.put("success", false);
        result.put("error", error);
        return result;
    }

    private static String reason(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return e.getMessage() == null
                    ? "connection refused"
                    : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        }
        return e.toString();
    }
}
