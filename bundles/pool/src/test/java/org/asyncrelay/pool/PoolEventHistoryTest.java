package org.asyncrelay.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendEvent;
import org.asyncrelay.api.EventHistory;
import org.asyncrelay.api.RelayEvents;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class PoolEventHistoryTest {

    /** An EventAdmin that keeps what is posted. */
    static final class Posted implements EventAdmin {
        final List<Event> events = new ArrayList<>();

        @Override
        public void postEvent(Event event) {
            events.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            events.add(event);
        }
    }

    @Test
    void keepsTheNewestEventsNewestFirstAndPostsEachOne() {
        PoolEventHistory history = new PoolEventHistory();
        Posted posted = new Posted();
        EventAdminPoolEvents events = new EventAdminPoolEvents(
                posted, history, Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC));
        for (int i = 0; i < 60; i++) {
            events.publish(
                    RelayEvents.BACKEND_FAILED,
                    "svc",
                    new BackendAddress("2001:db8::" + i, 80),
                    "2001:db8::" + i,
                    i,
                    1,
                    2);
        }
        events.publish(RelayEvents.ALL_BACKENDS_UNAVAILABLE, "svc", null, null, 2, 0, 2);

        List<BackendEvent> kept = history.newestFirst();
        assertThat(kept).hasSize(EventHistory.KEPT);
        assertThat(kept.get(0).event()).isEqualTo("all_backends_unavailable");
        assertThat(kept.get(0).backend()).isNull();
        assertThat(kept.get(1).backend()).isEqualTo(new BackendAddress("2001:db8::59", 80));
        assertThat(kept.get(1).failures()).isEqualTo(59);
        assertThat(kept.get(1).time()).isEqualTo("2026-12-02T10:00:00Z");
        assertThat(kept.get(49).backend()).isEqualTo(new BackendAddress("2001:db8::11", 80));
        assertThat(posted.events).hasSize(61);
        assertThat(posted.events.get(60).getTopic()).isEqualTo(RelayEvents.TOPIC_ALL_UNAVAILABLE);
    }
}
