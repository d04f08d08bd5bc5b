package org.asyncrelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.asyncrelay.api.RelayEvents;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class RecentEventsTest {

    @Test
    void keepsTheNewestFiftyNewestFirst() {
        RecentEvents events = new RecentEvents();
        for (int i = 0; i < 60; i++) {
            events.handleEvent(new Event(
                    RelayEvents.TOPIC_FAILED,
                    Map.of(
                            RelayEvents.EVENT,
                            RelayEvents.BACKEND_FAILED,
                            RelayEvents.SERVICE,
                            "svc",
                            RelayEvents.BACKEND_HOST,
                            "2001:db8::" + i,
                            RelayEvents.BACKEND_PORT,
                            80,
                            RelayEvents.FAILURE_COUNT,
                            i)));
        }
        events.handleEvent(new Event(
                RelayEvents.TOPIC_ALL_UNAVAILABLE,
                Map.of(RelayEvents.EVENT, RelayEvents.ALL_BACKENDS_UNAVAILABLE, RelayEvents.SERVICE, "svc")));

        assertThat(events.newestFirst()).hasSize(RecentEvents.KEPT);
        assertThat(events.newestFirst().get(0))
                .containsEntry("event", "all_backends_unavailable")
                .doesNotContainKey("backend");
        assertThat(events.newestFirst().get(1))
                .containsEntry("backend", "[2001:db8::59]:80")
                .containsEntry("failures", 59);
        assertThat(events.newestFirst().get(49)).containsEntry("backend", "[2001:db8::11]:80");
    }
}
