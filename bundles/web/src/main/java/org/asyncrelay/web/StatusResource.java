package org.asyncrelay.web;

import java.util.List;
import java.util.function.Supplier;
import org.asyncrelay.api.HookHistory;
import org.asyncrelay.api.RelayService;

/** {@code GET /api/status} and {@code GET /api/events}. */
final class StatusResource {

    private final Supplier<List<RelayService>> services;
    private final Supplier<HookHistory> hooks;
    private final RecentEvents events;

    StatusResource(Supplier<List<RelayService>> services, Supplier<HookHistory> hooks, RecentEvents events) {
        this.services = services;
        this.hooks = hooks;
        this.events = events;
    }

    void addTo(ApiRoute route) {
        route.add(
                "/status",
                "GET",
                (request, response) -> ApiResponses.json(
                        response, 200, StatusDocument.of(services.get(), events.newestFirst(), hooks.get())));
        route.add(
                "/events",
                "GET",
                (request, response) -> ApiResponses.json(response, 200, new ApiBodies.Events(events.newestFirst())));
    }
}
