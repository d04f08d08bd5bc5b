package org.asyncrelay.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.RelayEvents;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/** The last {@value #KEPT} backend events of every service, newest first, for the status page. */
@Component(
        service = {EventHandler.class, RecentEvents.class},
        property = EventConstants.EVENT_TOPIC + "=" + RelayEvents.TOPIC_ALL)
public class RecentEvents implements EventHandler {

    static final int KEPT = 50;

    private final Deque<Map<String, Object>> events = new ArrayDeque<>();

    @Override
    public void handleEvent(Event event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", event.getProperty(RelayEvents.TIMESTAMP));
        m.put("event", event.getProperty(RelayEvents.EVENT));
        m.put("service", event.getProperty(RelayEvents.SERVICE));
        Object host = event.getProperty(RelayEvents.BACKEND_HOST);
        if (host != null) {
            m.put(
                    "backend",
                    new BackendAddress(
                                    host.toString(), ((Number) event.getProperty(RelayEvents.BACKEND_PORT)).intValue())
                            .toString());
            m.put("ip", event.getProperty(RelayEvents.BACKEND_IP));
        }
        m.put("failures", event.getProperty(RelayEvents.FAILURE_COUNT));
        m.put("available", event.getProperty(RelayEvents.AVAILABLE_COUNT));
        m.put("total", event.getProperty(RelayEvents.TOTAL_COUNT));
        synchronized (events) {
            events.addFirst(m);
            while (events.size() > KEPT) {
                events.removeLast();
            }
        }
    }

    List<Map<String, Object>> newestFirst() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }
}
