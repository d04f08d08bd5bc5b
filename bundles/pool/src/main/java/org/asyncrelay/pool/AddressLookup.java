package org.asyncrelay.pool;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.asyncrelay.api.BackendAddress;

/**
 * Resolves backend host names off the caller's thread and caches each answer for the seed's hour.
 * IP literals never reach the resolver.
 */
final class AddressLookup {

    static final Duration CACHE_TTL = Duration.ofHours(1);

    private record Cached(InetAddress address, Instant expires) {}

    private final Executor executor;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    AddressLookup(Executor executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    CompletionStage<InetSocketAddress> resolve(BackendAddress backend) {
        if (backend.isIpLiteral()) {
            try {
                // a literal is parsed, not looked up
                return CompletableFuture.completedFuture(
                        new InetSocketAddress(InetAddress.getByName(backend.host()), backend.port()));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        Cached c = cache.get(backend.host());
        if (c != null && clock.instant().isBefore(c.expires())) {
            return CompletableFuture.completedFuture(new InetSocketAddress(c.address(), backend.port()));
        }
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        InetAddress a = InetAddress.getByName(backend.host());
                        cache.put(backend.host(), new Cached(a, clock.instant().plus(CACHE_TTL)));
                        return new InetSocketAddress(a, backend.port());
                    } catch (UnknownHostException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                },
                executor);
    }

    /** Forgets a host's cached address: the seed does this on a backend's first failure. */
    void invalidate(String host) {
        cache.remove(host);
    }
}
