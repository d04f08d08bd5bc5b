package org.asyncrelay.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.asyncrelay.api.BackendResolver;
import org.asyncrelay.api.ClusterView;
import org.asyncrelay.api.ConfigFile;
import org.asyncrelay.api.EventHistory;
import org.asyncrelay.api.HookHistory;
import org.asyncrelay.api.RelayService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's REST API under {@code /api/}, answering JSON only: the paths of its resources
 * ({@link StatusResource}, {@link ConfigResource}, {@link BackendResource}), and what every request
 * goes through first (origin check, size limit, read-only without authentication, errors as JSON).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/*")
@HttpWhiteboardServletAsyncSupported
@HttpWhiteboardContextSelect(UiContext.SELECT)
@HttpWhiteboardTarget(HttpEndpoint.TARGET)
public class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient Map<String, Map<String, ApiRoute.Handler>> routes = new LinkedHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<RelayService> services;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigFile configFile;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BackendResolver resolver;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HookHistory hooks;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventHistory events;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClusterView cluster;

    @Activate
    public ApiServlet(@Reference TrafficHistory history) {
        ApiRoute route = this::route;
        new StatusResource(() -> services, () -> hooks, () -> events, () -> cluster, history).addTo(route);
        new ConfigResource(() -> configFile).addTo(route);
        new BackendResource(() -> services, () -> resolver).addTo(route);
    }

    private void route(String path, String method, ApiRoute.Handler handler) {
        routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, handler);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        try {
            refuseCrossOrigin(request);
            RequestBodies.refuseDeclaredOversize(request);
            Map<String, ApiRoute.Handler> byMethod = routes.get(path);
            if (byMethod == null) {
                throw new ApiException(404, "no such API path: " + request.getRequestURI());
            }
            ApiRoute.Handler handler = byMethod.get(request.getMethod());
            if (handler == null) {
                response.setHeader("Allow", String.join(", ", byMethod.keySet()));
                throw new ApiException(
                        405,
                        request.getMethod() + " is not allowed on " + request.getRequestURI() + "; allowed: "
                                + String.join(", ", byMethod.keySet()));
            }
            refuseUnauthenticatedChange(request, path);
            handler.handle(ReadBody.of(request), response);
        } catch (ApiException e) {
            ApiResponses.error(request, response, e.status(), e.getMessage(), e.details());
        } catch (RuntimeException e) {
            LOG.warn("web UI: {} {} failed", request.getMethod(), request.getRequestURI(), e);
            ApiResponses.error(
                    request, response, 500, "internal error: " + e.getClass().getSimpleName());
        }
    }

    /**
     * A browser sends Basic credentials with any request to the UI's origin, so a page elsewhere
     * could post to the API (a text/plain POST needs no CORS preflight). Browsers name the page's
     * origin on such requests; it must be the UI's own.
     */
    private static void refuseCrossOrigin(HttpServletRequest request) throws ApiException {
        String method = request.getMethod();
        String origin = request.getHeader("Origin");
        if (origin == null || method.equals("GET") || method.equals("HEAD")) {
            return;
        }
        String host = request.getHeader("Host");
        String originHost = origin.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        if (host == null || !originHost.equalsIgnoreCase(host)) {
            throw new ApiException(403, "cross-origin request refused: Origin " + origin + " is not this UI");
        }
    }

    /**
     * #14: without authentication the API only reads. Any local process can reach 127.0.0.1, and a
     * change can point a service at another server or run a program on the next event.
     */
    private static void refuseUnauthenticatedChange(HttpServletRequest request, String path) throws ApiException {
        if (!changes(request.getMethod(), path) || request.getRemoteUser() != null) {
            return;
        }
        throw new ApiException(
                403,
                "read-only: the web UI has no authentication, so the REST API only reads; to allow changes,"
                        + " set web_ui.auth.enabled: true with a username and password (or realm: karaf) in the"
                        + " configuration file");
    }

    static boolean changes(String method, String path) {
        return !method.equals("GET") && !method.equals("HEAD") && !path.equals("/config/validate");
    }
}
