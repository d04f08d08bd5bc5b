package org.asyncrelay.web;

import java.util.List;
import java.util.function.Supplier;
import org.asyncrelay.api.BackendEvent;
import org.asyncrelay.api.EventHistory;
import org.asyncrelay.api.HookHistory;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.status.StatusDocument;

/** {@code GET /api/status}, {@code GET /api/events} and {@code GET /api/history}. */
final class StatusResource {

    private final Supplier<List<RelayService>> services;
    private final Supplier<HookHistory> hooks;
    private final Supplier<EventHistory> events;

    private final TrafficHistory history;

    StatusResource(
            Supplier<List<RelayService>> services,
            Supplier<HookHistory> hooks,
            Supplier<EventHistory> events,
            TrafficHistory history) {
        this.history = history;
        this.services = services;
        this.hooks = hooks;
        this.events = events;
    }

    void addTo(ApiRoute route) {
        route.add(
                "/status",
                "GET",
                (request, response) ->
                        ApiResponses.json(response, 200, StatusDocument.of(services.get(), recent(), hooks.get())));
        route.add("/history", "GET", (request, response) -> ApiResponses.json(response, 200, history.document()));
        route.add(
                "/events",
                "GET",
                (request, response) ->
                        ApiResponses.json(response, 200, new ApiBodies.Events(StatusDocument.events(recent()))));
    }

    private List<BackendEvent> recent() {
        EventHistory h = events.get();
        return h == null ? List.of() : h.newestFirst();
    }
}
