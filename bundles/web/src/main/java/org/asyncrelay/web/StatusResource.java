package org.asyncrelay.web;

import java.util.List;
import java.util.function.Supplier;
import org.asyncrelay.api.BackendEvent;
import org.asyncrelay.api.ClusterView;
import org.asyncrelay.api.EventHistory;
import org.asyncrelay.api.HookHistory;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.status.StatusDocument;

/** {@code GET /api/status}, {@code GET /api/events}, {@code GET /api/history} and {@code GET /api/cluster}. */
final class StatusResource {

    private final Supplier<List<RelayService>> services;
    private final Supplier<HookHistory> hooks;
    private final Supplier<EventHistory> events;

    private final TrafficHistory history;
    private final Supplier<ClusterView> cluster;

    StatusResource(
            Supplier<List<RelayService>> services,
            Supplier<HookHistory> hooks,
            Supplier<EventHistory> events,
            Supplier<ClusterView> cluster,
            TrafficHistory history) {
        this.history = history;
        this.cluster = cluster;
        this.services = services;
        this.hooks = hooks;
        this.events = events;
    }

    void addTo(ApiRoute route) {
        route.add("/status", "GET", (request, response) -> {
            java.util.Map<String, Object> doc = StatusDocument.of(services.get(), recent(), hooks.get());
            ClusterView c = cluster.get();
            if (c != null) {
                doc.put("cluster", StatusDocument.cluster(c));
            }
            ApiResponses.json(response, 200, doc);
        });
        route.add("/cluster", "GET", (request, response) -> {
            ClusterView c = cluster.get();
            if (c == null) {
                throw new ApiException(404, "this relay is not a member of a cluster (its file has no cluster block)");
            }
            ApiResponses.json(response, 200, StatusDocument.cluster(c));
        });
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
