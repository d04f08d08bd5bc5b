package org.asyncrelay.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One running relay service: its listeners, counters and backend pool; what shell, REST API and
 * web console show and act on. Registered by the engine per service configuration, with service
 * property {@value RelayPids#SERVICE_NAME_PROPERTY}.
 */
public interface RelayService {

    String name();

    Protocol protocol();

    /** The configured listen address: an IP literal, a host name, {@code 0.0.0.0} or {@code ::}. */
    String listenAddress();

    int listenPort();

    List<BackendAddress> backends();

    ServiceState state();

    /** Why the service is {@link ServiceState#FAILED}; empty otherwise. */
    String stateReason();

    RelayStats stats();

    /**
     * The backend pool of this service: its queue, states and operator actions. Empty for the
     * moment between the configuration's arrival and the pool's, or after the pool has gone.
     */
    Optional<BackendPool> pool();

    /** Counters per backend this service has connected to, in no particular order. */
    Map<BackendAddress, RelayStats> backendStats();

    /** Connect failures and latencies per backend this service has tried, in no particular order. */
    default Map<BackendAddress, ConnectStats> connectStats() {
        return Map.of();
    }

    /** TCP connections and UDP sessions relayed by another backend than the first one tried. */
    default long failovers() {
        return 0;
    }

    /** TCP connections closed at accept because {@code max_connections} were open. */
    default long tcpRefused() {
        return tcpRefusals().getOrDefault(Refusal.MAX_CONNECTIONS, 0L);
    }

    /** TCP connections closed at accept, by {@link Refusal} reason; every reason is a key. */
    default Map<String, Long> tcpRefusals() {
        return Map.of();
    }

    /** Datagrams dropped before reaching a session, by {@link Refusal} reason; every reason is a key. */
    default Map<String, Long> udpRefusals() {
        return Map.of();
    }

    /** The traffic-control settings in force, in words, for status views: empty when none is set. */
    default List<String> trafficControl() {
        return List.of();
    }
}
