package org.asyncrelay.pool;

import org.asyncrelay.api.BackendAddress;

/** Where a pool announces backend state changes; EventAdmin in OSGi, a list in tests. */
@FunctionalInterface
interface PoolEvents {

    PoolEvents NONE = (event, service, backend, ip, failures, available, total) -> {};

    /**
     * @param backend null for all_backends_unavailable
     * @param ip the backend's last resolved address, empty when unknown
     */
    void publish(
            String event, String service, BackendAddress backend, String ip, int failures, int available, int total);

    /** #21: an operator's action on a backend ({@link org.asyncrelay.api.RelayEvents#TOPIC_OPERATOR}). */
    default void operator(String service, BackendAddress backend, org.asyncrelay.api.BackendState state) {}
}
