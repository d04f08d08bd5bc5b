package org.asyncrelay.cluster;

import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendState;
import org.asyncrelay.api.BackendStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backend state the relays of a cluster share: an entry per backend of a service, {@code cooling
 * <until>} (in cluster time) when a member saw it fail twice, {@code recovered} when one saw it
 * come back; and, in a map of their own, operators' actions ({@code operator DRAINING}, {@code
 * DISABLED}, {@code AVAILABLE}). The other members apply it to their pools without events of their own, so hooks run
 * once, on the member that saw it. Every method runs on the cluster's one worker thread.
 */
final class BackendStateReplication {

    private static final Logger LOG = LoggerFactory.getLogger(BackendStateReplication.class);
    static final String KIND = "backend";
    static final String COOLING = "cooling ";
    static final String RECOVERED = "recovered";
    static final String OPERATOR = "operator ";

    private final IMap<String, String> map;
    private final IMap<String, String> operators;
    private final SealedEntry.Sealer sealer;
    private final String self;
    private final LongSupplier clusterTime;
    private final LongAdder refused;
    private final Function<String, Optional<BackendPool>> pools;

    /** @param operators drain, disable, enable: an entry per backend beside its health in {@code map} */
    BackendStateReplication(
            IMap<String, String> map,
            IMap<String, String> operators,
            SealedEntry.Sealer sealer,
            String self,
            LongSupplier clusterTime,
            LongAdder refused,
            Function<String, Optional<BackendPool>> pools) {
        this.map = map;
        this.operators = operators;
        this.sealer = sealer;
        this.self = self;
        this.clusterTime = clusterTime;
        this.refused = refused;
        this.pools = pools;
    }

    static String key(String service, BackendAddress backend) {
        return service + "/" + backend;
    }

    /** This member's pool put {@code backend} into cooldown. */
    void failedHere(String service, BackendAddress backend) {
        pools.apply(service).ifPresent(pool -> {
            Duration left = pool.backends().stream()
                    .filter(b -> b.backend().equals(backend))
                    .map(BackendStatus::cooldownRemaining)
                    .findFirst()
                    .orElse(Duration.ZERO);
            if (!left.isZero()) {
                put(service, backend, COOLING + (clusterTime.getAsLong() + left.toMillis()));
            }
        });
    }

    /** This member's pool saw {@code backend} recover. */
    void recoveredHere(String service, BackendAddress backend) {
        put(service, backend, RECOVERED);
    }

    /** An operator of this member drained, disabled or enabled {@code backend}. */
    void operatorHere(String service, BackendAddress backend, BackendState state) {
        put(service, backend, OPERATOR + state.name());
    }

    private void put(String service, BackendAddress backend, String body) {
        (body.startsWith(OPERATOR) ? operators : map)
                .put(key(service, backend), sealer.seal(new SealedEntry(KIND, clusterTime.getAsLong(), self, body)));
    }

    /** Every shared state, as a member that joins or whose services changed takes it. */
    void applyAll() {
        for (IMap<String, String> m : List.of(map, operators)) {
            for (String key : m.keySet()) {
                changed(key, m.get(key));
            }
        }
    }

    /** An entry changed in the cluster. */
    void changed(String key, String raw) {
        if (raw == null) {
            return;
        }
        Optional<SealedEntry> opened = sealer.open(raw).filter(e -> KIND.equals(e.kind()));
        if (opened.isEmpty()) {
            refused.increment();
            LOG.warn("cluster: a backend state entry for {} without a valid MAC was refused", key);
            return;
        }
        SealedEntry e = opened.get();
        if (self.equals(e.origin())) {
            return;
        }
        int slash = key.indexOf('/');
        if (slash < 0) {
            return;
        }
        BackendAddress backend;
        try {
            backend = BackendAddress.parse(key.substring(slash + 1));
        } catch (IllegalArgumentException ex) {
            return;
        }
        Optional<BackendPool> pool = pools.apply(key.substring(0, slash));
        if (pool.isEmpty()) {
            return;
        }
        if (e.body().startsWith(COOLING)) {
            long until;
            try {
                until = Long.parseLong(e.body().substring(COOLING.length()));
            } catch (NumberFormatException ex) {
                return;
            }
            long left = until - clusterTime.getAsLong();
            if (left > 0) {
                pool.get().coolDownAsSeenElsewhere(backend, Duration.ofMillis(left));
            }
        } else if (RECOVERED.equals(e.body())) {
            pool.get().recoveredAsSeenElsewhere(backend);
        } else if (e.body().startsWith(OPERATOR)) {
            try {
                pool.get()
                        .operatorStateAsSeenElsewhere(
                                backend, BackendState.valueOf(e.body().substring(OPERATOR.length())));
            } catch (IllegalArgumentException ex) {
                LOG.warn("cluster: an operator state for {} that this relay does not know: {}", key, e.body());
            }
        }
    }
}
