package org.asyncrelay.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * #21: the cluster this relay is a member of, as the cluster bundle registers it while the
 * relay's file has a {@code cluster} block. The shell's {@code relay:cluster}, {@code GET
 * /api/cluster} and the web UI show it.
 */
public interface ClusterView {

    /** The cluster's name. */
    String name();

    /** Every member this one sees, itself included, oldest first. */
    List<Member> members();

    /** The configuration the cluster shares: when it was made, and by which member. */
    ConfigVersion configuration();

    /** Whether the configuration in force here is the cluster's. */
    boolean configurationMatches();

    /** Shared entries refused since start because their HMAC was missing or wrong. */
    long refusedEntries();

    /**
     * Services of this relay that the cluster does not share: those a drop-in configuration (an
     * {@code etc/*.cfg} file, {@code config:edit}) defines rather than the YAML file.
     */
    default List<String> localServices() {
        return List.of();
    }

    /** Whether backend state (cooldowns, recoveries) is shared. */
    boolean sharesBackendState();

    /**
     * @param address host:port the member is reached at
     * @param local whether this is the relay answering
     * @param uptime since the member started; zero when it has not said
     * @param configVersion the version of the shared configuration the member has in force
     * @param healthy whether the member reports every one of its services running
     */
    record Member(String name, String address, boolean local, Duration uptime, long configVersion, boolean healthy) {}

    /**
     * @param version when the configuration was changed, in cluster time (ms since the epoch); 0: none shared yet
     * @param origin the member whose change it was
     * @param sha256 of the shared text
     */
    record ConfigVersion(long version, String origin, String sha256) {

        public Instant changedAt() {
            return Instant.ofEpochMilli(version);
        }
    }
}
