package org.asyncrelay.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendCandidate;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendResolver;
import org.asyncrelay.api.BackendSelection;
import org.asyncrelay.api.BackendState;
import org.asyncrelay.api.BackendStatus;

/**
 * A backend pool written against the api alone, so that the engine's tests do not depend on the
 * pool bundle: backends in their configured order, a first failure retried at once after the name
 * is forgotten, a second one cooling (no clock: it cools until it succeeds), cooling backends tried
 * only when none is available. The pool bundle's own tests cover its queue, clock and events.
 */
final class FixturePool implements BackendPool {

    /** IP literals only: a test that needs a host name passes its own resolver. */
    static final BackendResolver LITERALS = new BackendResolver() {
        @Override
        public CompletionStage<List<InetAddress>> resolve(String host) {
            try {
                return CompletableFuture.completedFuture(List.of(InetAddress.getByName(host)));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public void invalidate(String host) {}
    };

    private final String name;
    private final BackendResolver resolver;
    private final Map<BackendAddress, Entry> entries = new LinkedHashMap<>();

    private static final class Entry {
        int failures;
        List<String> resolved = List.of();
    }

    FixturePool(String name, List<BackendAddress> backends, BackendResolver resolver) {
        this.name = name;
        this.resolver = resolver;
        backends.forEach(b -> entries.put(b, new Entry()));
    }

    FixturePool(String name, List<BackendAddress> backends) {
        this(name, backends, LITERALS);
    }

    @Override
    public String serviceName() {
        return name;
    }

    @Override
    public boolean healthCheckEnabled() {
        return false;
    }

    @Override
    public synchronized BackendSelection select() {
        List<BackendAddress> order = new ArrayList<>();
        entries.forEach((b, e) -> {
            if (e.failures < 2) {
                order.add(b);
            }
        });
        if (order.isEmpty()) {
            order.addAll(entries.keySet());
        }
        return new Selection(order);
    }

    /** Each backend in turn; the same one again after its first failure. */
    private final class Selection implements BackendSelection {
        private final List<BackendAddress> order;
        private int index;
        private boolean again;

        Selection(List<BackendAddress> order) {
            this.order = order;
        }

        @Override
        public Optional<BackendCandidate> next() {
            if (again) {
                again = false;
            } else if (index < order.size()) {
                index++;
            } else {
                return Optional.empty();
            }
            return Optional.of(new Candidate(order.get(index - 1), this));
        }
    }

    private final class Candidate implements BackendCandidate {
        private final BackendAddress backend;
        private final Selection selection;

        Candidate(BackendAddress backend, Selection selection) {
            this.backend = backend;
            this.selection = selection;
        }

        @Override
        public BackendAddress backend() {
            return backend;
        }

        @Override
        public CompletionStage<List<InetSocketAddress>> resolve() {
            return resolver.resolve(backend.host()).thenApply(addresses -> {
                synchronized (FixturePool.this) {
                    entries.get(backend).resolved =
                            addresses.stream().map(InetAddress::getHostAddress).toList();
                }
                return addresses.stream()
                        .map(a -> new InetSocketAddress(a, backend.port()))
                        .toList();
            });
        }

        @Override
        public void succeeded() {
            synchronized (FixturePool.this) {
                entries.get(backend).failures = 0;
            }
        }

        @Override
        public void failed(Throwable cause) {
            int failures;
            synchronized (FixturePool.this) {
                failures = ++entries.get(backend).failures;
            }
            if (failures == 1) {
                resolver.invalidate(backend.host());
                selection.again = true;
            }
        }
    }

    @Override
    public synchronized List<BackendStatus> backends() {
        List<BackendStatus> result = new ArrayList<>();
        entries.forEach((b, e) -> result.add(new BackendStatus(
                result.size(),
                result.size(),
                b,
                e.failures >= 2 ? BackendState.COOLING : BackendState.AVAILABLE,
                "",
                e.failures,
                Duration.ZERO,
                e.resolved,
                "",
                Duration.ZERO)));
        return result;
    }

    @Override
    public boolean drain(BackendAddress backend) {
        throw new UnsupportedOperationException("not part of the engine's tests");
    }

    @Override
    public boolean disable(BackendAddress backend) {
        throw new UnsupportedOperationException("not part of the engine's tests");
    }

    @Override
    public boolean enable(BackendAddress backend) {
        throw new UnsupportedOperationException("not part of the engine's tests");
    }

    @Override
    public boolean resetCooldown(BackendAddress backend) {
        throw new UnsupportedOperationException("not part of the engine's tests");
    }
}
