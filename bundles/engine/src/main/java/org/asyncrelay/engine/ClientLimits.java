package org.asyncrelay.engine;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.asyncrelay.api.Refusal;

/**
 * {@code max_connections_per_client} and {@code max_new_connections_per_client} of one TCP
 * service: open connections and a token bucket (one second's worth of tokens, refilled
 * continuously) per client address. An address is kept only while it has connections open or its
 * bucket is not full again, so a scan of the internet leaves nothing behind for long.
 */
final class ClientLimits {

    private final ConcurrentHashMap<InetAddress, Client> clients = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    ClientLimits(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    private static final class Client {
        int open;
        double tokens;
        long refilledAt;
        boolean removed;

        Client(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        void refill(long now, int rate) {
            if (rate > 0) {
                tokens = Math.min(rate, tokens + (now - refilledAt) * rate / 1e9);
            }
            refilledAt = now;
        }
    }

    /**
     * Counts a new connection of {@code client}; null when it may be relayed, otherwise the
     * {@link Refusal} reason. {@code maxOpen} and {@code ratePerSecond} 0: no limit.
     */
    String admit(InetAddress client, int maxOpen, int ratePerSecond) {
        while (true) {
            long now = nanoTime.getAsLong();
            Client c = clients.computeIfAbsent(client, k -> new Client(ratePerSecond, now));
            synchronized (c) {
                if (c.removed) {
                    continue;
                }
                c.refill(now, ratePerSecond);
                if (maxOpen > 0 && c.open >= maxOpen) {
                    return Refusal.MAX_CONNECTIONS_PER_CLIENT;
                }
                if (ratePerSecond > 0) {
                    if (c.tokens < 1) {
                        return Refusal.MAX_NEW_CONNECTIONS_PER_CLIENT;
                    }
                    c.tokens -= 1;
                }
                c.open++;
                return null;
            }
        }
    }

    /** An admitted connection of {@code client} closed. */
    void closed(InetAddress client) {
        Client c = clients.get(client);
        if (c != null) {
            synchronized (c) {
                c.open--;
            }
        }
    }

    /** Forgets addresses without open connections whose bucket is full again; called once a second. */
    void sweep(int ratePerSecond) {
        long now = nanoTime.getAsLong();
        clients.values().removeIf(c -> {
            synchronized (c) {
                c.refill(now, ratePerSecond);
                if (c.open <= 0 && (ratePerSecond <= 0 || c.tokens >= ratePerSecond)) {
                    c.removed = true;
                    return true;
                }
                return false;
            }
        });
    }

    /** Addresses tracked now. */
    int size() {
        return clients.size();
    }
}
