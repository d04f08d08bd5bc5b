package org.asyncrelay.pool;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendEvent;
import org.asyncrelay.api.RelayEvents;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Posts pool events asynchronously on EventAdmin, so no subscriber can hold up a connection, and
 * keeps them in the history.
 */
final class EventAdminPoolEvents implements PoolEvents {

    private final EventAdmin eventAdmin;
    private final PoolEventHistory history;
    private final Clock clock;

    EventAdminPoolEvents(EventAdmin eventAdmin, PoolEventHistory history, Clock clock) {
        this.eventAdmin = eventAdmin;
        this.history = history;
        this.clock = clock;
    }

    @Override
    public void publish(
            String event, String service, BackendAddress backend, String ip, int failures, int available, int total) {
        Map<String, Object> p = new HashMap<>();
        p.put(RelayEvents.EVENT, event);
        p.put(RelayEvents.SERVICE, service);
        if (backend != null) {
            p.put(RelayEvents.BACKEND_HOST, backend.host());
            p.put(RelayEvents.BACKEND_PORT, backend.port());
            p.put(RelayEvents.BACKEND_IP, ip);
        }
        p.put(RelayEvents.FAILURE_COUNT, failures);
        p.put(RelayEvents.AVAILABLE_COUNT, available);
        p.put(RelayEvents.TOTAL_COUNT, total);
        String time = clock.instant().toString();
        p.put(RelayEvents.TIMESTAMP, time);
        history.record(new BackendEvent(time, event, service, backend, ip, failures, available, total));
        eventAdmin.postEvent(new Event(RelayEvents.topicOf(event), p));
    }

    @Override
    public void operator(String service, BackendAddress backend, org.asyncrelay.api.BackendState state) {
        eventAdmin.postEvent(new Event(
                RelayEvents.TOPIC_OPERATOR,
                Map.of(
                        RelayEvents.SERVICE, service,
                        RelayEvents.BACKEND_HOST, backend.host(),
                        RelayEvents.BACKEND_PORT, backend.port(),
                        RelayEvents.OPERATOR_STATE, state.name(),
                        RelayEvents.TIMESTAMP, clock.instant().toString())));
    }
}
