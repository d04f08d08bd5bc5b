package org.asyncrelay.cluster;

import com.hazelcast.map.IMap;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.asyncrelay.api.ClusterView;
import org.asyncrelay.api.ConfigFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration the relays of a cluster share: one sealed entry, the shared text of the last
 * change made on any member ({@link ConfigFile#sharedText()}). A change applied here is published
 * with its time in cluster time; a newer entry from another member is taken. Concurrent changes
 * resolve to the later one by cluster time (the greater member name on a tie), the other is logged
 * as lost. Every method runs on the cluster's one worker thread.
 */
final class ConfigReplication {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReplication.class);
    static final String KEY = "configuration";
    static final String KIND = "config";

    private final IMap<String, String> map;
    private final SealedEntry.Sealer sealer;
    private final String self;
    private final LongSupplier clusterTime;
    private final LongAdder refused;
    private volatile SealedEntry inForce;

    ConfigReplication(
            IMap<String, String> map,
            SealedEntry.Sealer sealer,
            String self,
            LongSupplier clusterTime,
            LongAdder refused) {
        this.map = map;
        this.sealer = sealer;
        this.self = self;
        this.clusterTime = clusterTime;
        this.refused = refused;
    }

    /**
     * On joining: the cluster's configuration is taken, unless this member's was edited after it
     * (then this one's is the cluster's); a cluster without one takes this member's.
     */
    void joined(ConfigFile file) {
        Optional<SealedEntry> current = current();
        String shared = file.sharedText();
        if (shared.isEmpty()) {
            return;
        }
        long editedAt = file.inForceSince().toEpochMilli();
        if (current.isPresent() && !new SealedEntry(KIND, editedAt, self, shared).newerThan(current.get())) {
            take(current.get(), file);
            return;
        }
        publish(new SealedEntry(KIND, editedAt, self, shared), file);
    }

    /** A configuration was applied here: published if it is not the cluster's already. */
    void applied(ConfigFile file, String sharedHash) {
        SealedEntry known = inForce;
        if (known != null && known.sha256().equals(sharedHash)) {
            return;
        }
        String shared = file.sharedText();
        if (shared.isEmpty() || !sha256(shared).equals(sharedHash)) {
            // changed again since the event: the next event publishes it
            return;
        }
        publish(new SealedEntry(KIND, clusterTime.getAsLong(), self, shared), file);
    }

    /** The entry changed in the cluster. */
    void changed(ConfigFile file) {
        String raw = map.get(KEY);
        if (raw == null) {
            return;
        }
        Optional<SealedEntry> opened = open(raw);
        SealedEntry restore = inForce;
        if (opened.isEmpty() && restore != null) {
            // a forged or foreign entry: the last valid one goes back
            map.replace(KEY, raw, sealer.seal(restore));
            return;
        }
        opened.ifPresent(e -> {
            SealedEntry known = inForce;
            if (known == null || !known.sha256().equals(e.sha256())) {
                take(e, file);
            } else {
                inForce = e;
            }
        });
    }

    /**
     * This member was cut off from the others and is back (Hazelcast merged the two sides, keeping
     * the larger side's entries): the later of the two configurations wins, as concurrent changes do.
     */
    void merged(ConfigFile file) {
        SealedEntry mine = inForce;
        Optional<SealedEntry> current = current();
        if (mine != null && (current.isEmpty() || mine.newerThan(current.get()))) {
            LOG.info("cluster: after a split, this side's configuration of {} is the later one", mine.changedAt());
            publish(mine, file);
        } else {
            current.ifPresent(e -> take(e, file));
        }
    }

    /** The cluster's configuration, as last seen here. */
    ClusterView.ConfigVersion version() {
        SealedEntry e = inForce;
        return e == null
                ? new ClusterView.ConfigVersion(0, "", "")
                : new ClusterView.ConfigVersion(e.version(), e.origin(), e.sha256());
    }

    boolean matches(ConfigFile file) {
        SealedEntry e = inForce;
        return e != null && e.sha256().equals(sha256(file.sharedText()));
    }

    private void publish(SealedEntry mine, ConfigFile file) {
        for (int attempt = 0; attempt < 100; attempt++) {
            String raw = map.get(KEY);
            Optional<SealedEntry> current = raw == null ? Optional.empty() : open(raw);
            if (current.isPresent() && current.get().sha256().equals(mine.sha256())) {
                inForce = current.get();
                return;
            }
            if (current.isPresent() && current.get().newerThan(mine)) {
                LOG.warn(
                        "cluster: this relay's configuration change of {} lost to the newer one of {} from {}",
                        mine.changedAt(),
                        current.get().origin(),
                        current.get().changedAt());
                take(current.get(), file);
                return;
            }
            String sealed = sealer.seal(mine);
            boolean written = raw == null ? map.putIfAbsent(KEY, sealed) == null : map.replace(KEY, raw, sealed);
            if (written) {
                inForce = mine;
                LOG.info(
                        "cluster: configuration {} shared from this relay",
                        mine.sha256().substring(0, 12));
                return;
            }
        }
        LOG.error("cluster: the configuration entry kept changing; this relay's change was not shared");
    }

    private void take(SealedEntry e, ConfigFile file) {
        inForce = e;
        if (sha256(file.sharedText()).equals(e.sha256())) {
            return;
        }
        try {
            ConfigFile.ReloadResult r = file.applyShared(e.body(), e.origin());
            if (!r.applied()) {
                LOG.error(
                        "cluster: the configuration from {} is not valid here and was not applied: {}",
                        e.origin(),
                        r.errors());
            }
        } catch (ConfigFile.ChangeRefused refusedChange) {
            LOG.error(
                    "cluster: the configuration from {} changes an event hook, which this relay's file does not"
                            + " allow (web_ui.allow_hook_changes); not applied: {}",
                    e.origin(),
                    refusedChange.problems());
        }
    }

    private Optional<SealedEntry> current() {
        String raw = map.get(KEY);
        return raw == null ? Optional.empty() : open(raw);
    }

    private Optional<SealedEntry> open(String raw) {
        Optional<SealedEntry> e = sealer.open(raw).filter(x -> KIND.equals(x.kind()));
        if (e.isEmpty()) {
            refused.increment();
            LOG.warn(
                    "cluster: a configuration entry without a valid MAC was refused (is a member using another secret?)");
        }
        return e;
    }

    static String sha256(String text) {
        return new SealedEntry(KIND, 0, "", text).sha256();
    }
}
