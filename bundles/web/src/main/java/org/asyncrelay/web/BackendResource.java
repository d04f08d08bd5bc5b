package org.asyncrelay.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendResolver;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.status.Unknown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /api/test-backend} and the operator's actions, {@code POST /api/backends/<action>}. */
final class BackendResource {

    private static final Logger LOG = LoggerFactory.getLogger(BackendResource.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT_MAX = Duration.ofSeconds(30);

    private final Supplier<List<RelayService>> services;
    private final Supplier<BackendResolver> resolver;

    BackendResource(Supplier<List<RelayService>> services, Supplier<BackendResolver> resolver) {
        this.services = services;
        this.resolver = resolver;
    }

    void addTo(ApiRoute route) {
        route.add("/test-backend", "POST", this::testBackend);
        for (BackendActions a : BackendActions.values()) {
            route.add("/backends/" + a.name, "POST", (request, response) -> act(a, request, response));
        }
    }

    private void testBackend(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ApiException {
        JsonNode body = RequestBodies.jsonObject(request);
        BackendAddress address = backendOf(body);
        Duration timeout = PROBE_TIMEOUT;
        JsonNode t = body.get("timeout");
        if (t != null && !t.isNull()) {
            if (!t.isNumber() || t.asDouble() <= 0 || t.asDouble() > PROBE_TIMEOUT_MAX.toSeconds()) {
                throw new ApiException(400, "timeout: expected seconds between 0 and " + PROBE_TIMEOUT_MAX.toSeconds());
            }
            timeout = Duration.ofMillis(Math.max(1, Math.round(t.asDouble() * 1000)));
        }
        ApiResponses.json(response, 200, new BackendProbe(resolver.get(), timeout).probe(address));
    }

    /** {@code {"service": "...", "backend": "host:port"}}. */
    private void act(BackendActions action, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ApiException {
        JsonNode body = RequestBodies.jsonObject(request);
        String service = RequestBodies.requiredText(body, "service", "a relay service name");
        BackendAddress backend = backendOf(body);
        RelayService named = services.get().stream()
                .filter(s -> s.name().equals(service) && s.pool().isPresent())
                .findFirst()
                .orElseThrow(() -> new ApiException(404, Unknown.service(services.get(), service)));
        BackendPool pool = named.pool().orElseThrow();
        if (!action.apply(pool, backend)) {
            throw new ApiException(404, Unknown.backend(named, backend));
        }
        LOG.info("web UI: relay {}: backend {} {}", service, backend, action.name);
        String state = pool.backends().stream()
                .filter(b -> b.backend().equals(backend))
                .map(b -> b.state().name())
                .findFirst()
                .orElse("");
        ApiResponses.json(
                response, 200, new ApiBodies.BackendActionDone(true, service, backend.toString(), action.name, state));
    }

    private static BackendAddress backendOf(JsonNode body) throws ApiException {
        try {
            return BackendAddress.parse(
                    RequestBodies.requiredText(body, "backend", "\"host:port\" or \"[ipv6]:port\""));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "backend: " + e.getMessage());
        }
    }
}
