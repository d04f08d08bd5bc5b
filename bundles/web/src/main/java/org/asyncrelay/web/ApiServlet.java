package org.asyncrelay.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendResolver;
import org.asyncrelay.api.ConfigFile;
import org.asyncrelay.api.ConfigProblem;
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

/** The seed's REST API under {@code /api/}, answering JSON only. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/*")
@HttpWhiteboardServletAsyncSupported
@HttpWhiteboardContextSelect(UiContext.SELECT)
@HttpWhiteboardTarget(HttpEndpoint.TARGET)
public class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT_MAX = Duration.ofSeconds(30);

    private interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws IOException, ApiException;
    }

    private final transient RecentEvents events;
    private final transient Map<String, Map<String, Handler>> routes = new LinkedHashMap<>();

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

    @Activate
    public ApiServlet(@Reference RecentEvents events) {
        this.events = events;
        route("/status", "GET", this::status);
        route("/events", "GET", (req, resp) -> ApiResponses.json(resp, 200, Map.of("events", events.newestFirst())));
        route("/config", "GET", this::getConfig);
        route("/config", "PUT", this::putConfig);
        route("/config/source", "GET", this::source);
        route("/config/reload", "POST", this::reload);
        route("/config/validate", "POST", this::validate);
        route("/test-backend", "POST", this::testBackend);
        for (BackendActions a : BackendActions.values()) {
            route("/backends/" + a.name, "POST", (req, resp) -> backendAction(a, req, resp));
        }
    }

    private void route(String path, String method, Handler handler) {
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
            Map<String, Handler> byMethod = routes.get(path);
            if (byMethod == null) {
                throw new ApiException(404, "no such API path: " + request.getRequestURI());
            }
            Handler handler = byMethod.get(request.getMethod());
            if (handler == null) {
                response.setHeader("Allow", String.join(", ", byMethod.keySet()));
                throw new ApiException(
                        405,
                        request.getMethod() + " is not allowed on " + request.getRequestURI() + "; allowed: "
                                + String.join(", ", byMethod.keySet()));
            }
            refuseUnauthenticatedChange(request, path);
            handler.handle(request, response);
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

    private void status(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApiResponses.json(response, 200, StatusDocument.of(services, events.newestFirst(), hooks));
    }

    private ConfigFile file() throws ApiException {
        ConfigFile f = configFile;
        if (f == null) {
            throw new ApiException(
                    404,
                    "no YAML configuration file is in use: the services come from ConfigAdmin (bin/relay -c FILE,"
                            + " or config:edit org.asyncrelay.config path=...)");
        }
        return f;
    }

    private void getConfig(HttpServletRequest request, HttpServletResponse response) throws IOException, ApiException {
        ConfigFile f = file();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("config", f.document());
        body.put("yaml", f.text());
        body.putAll(sourceOf(f));
        ApiResponses.json(response, 200, body);
    }

    private void source(HttpServletRequest request, HttpServletResponse response) throws IOException, ApiException {
        Map<String, Object> body = sourceOf(file());
        body.put("read_only", request.getRemoteUser() == null);
        body.put("hook_changes_allowed", file().hookChangesAllowed());
        ApiResponses.json(response, 200, body);
    }

    private static Map<String, Object> sourceOf(ConfigFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", f.source());
        m.put("config_path", f.path().toString());
        m.put("runtime_path", f.runtimePath().toString());
        return m;
    }

    private void putConfig(HttpServletRequest request, HttpServletResponse response) throws IOException, ApiException {
        ConfigFile f = file();
        ConfigFile.ReloadResult result;
        try {
            result = f.saveRuntime(submittedYaml(request, f));
        } catch (ConfigFile.ChangeRefused refused) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("errors", problems(refused.problems()));
            details.put("warnings", List.of());
            throw new ApiException(403, "configuration not saved: " + refused.getMessage(), details);
        }
        if (!result.applied()) {
            throw invalid("configuration not saved", result);
        }
        LOG.info("web UI: configuration saved to {} and applied", f.runtimePath());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("message", "saved to " + f.runtimePath() + " and applied");
        body.put("source", f.source());
        body.put("warnings", problems(result.warnings()));
        ApiResponses.json(response, 200, body);
    }

    private void validate(HttpServletRequest request, HttpServletResponse response) throws IOException, ApiException {
        ConfigFile f = file();
        ConfigFile.ReloadResult result = f.validate(submittedYaml(request, f));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", result.errors().isEmpty());
        body.put("errors", problems(result.errors()));
        body.put("warnings", problems(result.warnings()));
        ApiResponses.json(response, 200, body);
    }

    private void reload(HttpServletRequest request, HttpServletResponse response) throws IOException, ApiException {
        ConfigFile f = file();
        ConfigFile.ReloadResult result = f.reload();
        if (!result.applied()) {
            throw invalid("configuration not reloaded: the running configuration stays in force", result);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("message", "reloaded");
        body.put("source", f.source());
        body.put("warnings", problems(result.warnings()));
        ApiResponses.json(response, 200, body);
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
        ApiResponses.json(response, 200, new BackendProbe(resolver, timeout).probe(address));
    }

    /** {@code POST /api/backends/<action>} {@code {"service": "...", "backend": "host:port"}}. */
    private void backendAction(BackendActions action, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ApiException {
        JsonNode body = RequestBodies.jsonObject(request);
        String service = requiredText(body, "service", "a relay service name");
        BackendAddress backend = backendOf(body);
        BackendPool pool = services.stream()
                .filter(s -> s.name().equals(service))
                .findFirst()
                .flatMap(RelayService::pool)
                .orElseThrow(() -> new ApiException(404, "no relay service named \"" + service + "\""));
        if (!action.apply(pool, backend)) {
            throw new ApiException(404, "relay service " + service + " has no backend " + backend);
        }
        LOG.info("web UI: relay {}: backend {} {}", service, backend, action.name);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("success", true);
        result.put("service", service);
        result.put("backend", backend.toString());
        result.put("action", action.name);
        result.put(
                "state",
                pool.backends().stream()
                        .filter(b -> b.backend().equals(backend))
                        .map(b -> b.state().name())
                        .findFirst()
                        .orElse(""));
        ApiResponses.json(response, 200, result);
    }

    private static BackendAddress backendOf(JsonNode body) throws ApiException {
        try {
            return BackendAddress.parse(requiredText(body, "backend", "\"host:port\" or \"[ipv6]:port\""));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "backend: " + e.getMessage());
        }
    }

    private static String requiredText(JsonNode body, String field, String expected) throws ApiException {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw new ApiException(400, field + ": required, expected " + expected);
        }
        if (!n.isTextual()) {
            throw new ApiException(400, field + ": expected " + expected + ", got " + RequestBodies.kind(n));
        }
        return n.asText();
    }

    /**
     * The configuration a PUT or validate carries: YAML text ({@code Content-Type: application/yaml},
     * or JSON {@code {"yaml": "..."}}), or the seed's JSON configuration object, bare or as {@code
     * {"config": {...}}}.
     */
    private static String submittedYaml(HttpServletRequest request, ConfigFile f) throws IOException, ApiException {
        String type =
                request.getContentType() == null ? "" : request.getContentType().toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/yaml")
                || type.startsWith("application/x-yaml")
                || type.startsWith("text/yaml")
                || type.startsWith("text/plain")) {
            return RequestBodies.text(request);
        }
        JsonNode body = RequestBodies.jsonObject(request);
        JsonNode yaml = body.get("yaml");
        if (yaml != null) {
            if (!yaml.isTextual()) {
                throw new ApiException(400, "yaml: expected a string of YAML, got " + RequestBodies.kind(yaml));
            }
            return yaml.asText();
        }
        JsonNode config = body.has("config") ? body.get("config") : body;
        if (!config.isObject()) {
            throw new ApiException(400, "config: expected an object, got " + RequestBodies.kind(config));
        }
        if (!config.has("services") && !config.has("web_ui")) {
            throw new ApiException(
                    400,
                    "expected {\"yaml\": \"...\"} or a configuration object with \"services\", got an object with "
                            + (config.isEmpty() ? "no keys" : "keys " + iterable(config.fieldNames())));
        }
        Map<String, Object> tree = ApiResponses.JSON.convertValue(config, new TypeReference<Map<String, Object>>() {});
        return f.yamlOf(tree);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private static ApiException invalid(String message, ConfigFile.ReloadResult result) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("errors", problems(result.errors()));
        details.put("warnings", problems(result.warnings()));
        return new ApiException(400, message + ": " + result.errors().size() + " error(s)", details);
    }

    static List<Map<String, Object>> problems(List<ConfigProblem> problems) {
        return problems.stream()
                .map(p -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("line", p.line());
                    m.put("column", p.column());
                    m.put("path", p.path());
                    m.put("message", p.message());
                    m.put("text", p.toString());
                    return m;
                })
                .toList();
    }
}
