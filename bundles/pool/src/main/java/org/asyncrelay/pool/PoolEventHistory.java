package org.asyncrelay.pool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.asyncrelay.api.BackendEvent;
import org.asyncrelay.api.EventHistory;
import org.osgi.service.component.annotations.Component;

/**
 * The last events of every pool, kept where they are made: the shell, the REST API and the web UI
 * read them whether or not anything else subscribes to EventAdmin.
 */
@Component(service = {EventHistory.class, PoolEventHistory.class})
public class PoolEventHistory implements EventHistory {

    private final Deque<BackendEvent> events = new ArrayDeque<>();

    synchronized void record(BackendEvent event) {
        events.addFirst(event);
        while (events.size() > KEPT) {
            events.removeLast();
        }
    }

    @Override
    public synchronized List<BackendEvent> newestFirst() {
        return new ArrayList<>(events);
    }
}
