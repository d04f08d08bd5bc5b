package org.asyncrelay.pool;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendCandidate;
import org.asyncrelay.api.BackendSelection;

/** The backends of one client connection, each retried once at once after a first failure. */
final class PoolSelection implements BackendSelection {

    private final ServiceBackendPool pool;
    private final List<BackendAddress> order;
    private int nextIndex;
    private BackendAddress retry;
    private BackendAddress retried;

    PoolSelection(ServiceBackendPool pool, List<BackendAddress> order) {
        this.pool = pool;
        this.order = order;
    }

    @Override
    public Optional<BackendCandidate> next() {
        if (retry != null) {
            BackendAddress again = retry;
            retry = null;
            retried = again;
            return Optional.of(new Candidate(again));
        }
        if (nextIndex >= order.size()) {
            return Optional.empty();
        }
        return Optional.of(new Candidate(order.get(nextIndex++)));
    }

    private final class Candidate implements BackendCandidate {
        private final BackendAddress backend;
        private boolean reported;

        Candidate(BackendAddress backend) {
            this.backend = backend;
        }

        @Override
        public BackendAddress backend() {
            return backend;
        }

        @Override
        public CompletionStage<List<InetSocketAddress>> resolve() {
            return pool.resolve(backend);
        }

        @Override
        public void succeeded() {
            if (!reported) {
                reported = true;
                pool.succeeded(backend);
            }
        }

        @Override
        public void failed(Throwable cause) {
            if (reported) {
                return;
            }
            reported = true;
            if (pool.failed(backend, cause) == BackendQueue.FailureOutcome.RETRY && !backend.equals(retried)) {
                retry = backend;
            }
        }
    }
}
