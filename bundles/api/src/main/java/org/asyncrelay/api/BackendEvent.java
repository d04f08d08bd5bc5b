package org.asyncrelay.api;

/**
 * One event of a backend pool, as posted on {@link RelayEvents}' topics.
 *
 * @param time ISO-8601, UTC
 * @param event {@link RelayEvents#BACKEND_FAILED}, {@link RelayEvents#BACKEND_RECOVERED} or {@link
 *     RelayEvents#ALL_BACKENDS_UNAVAILABLE}
 * @param backend null for {@code all_backends_unavailable}
 * @param ip the address last resolved for the backend; null when none
 */
public record BackendEvent(
        String time,
        String event,
        String service,
        BackendAddress backend,
        String ip,
        int failures,
        int available,
        int total) {}
