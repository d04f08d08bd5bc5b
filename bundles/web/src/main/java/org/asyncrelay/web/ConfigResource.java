package org.asyncrelay.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.asyncrelay.api.ConfigFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configuration file in force: {@code /api/config}, its source, reload and validate. */
final class ConfigResource {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigResource.class);

    private final Supplier<ConfigFile> configFile;

    ConfigResource(Supplier<ConfigFile> configFile) {
        this.configFile = configFile;
    }

    void addTo(ApiRoute route) {
        route.add(
                "/config", "GET", (request, response) -> ApiResponses.json(response, 200, ApiBodies.Config.of(file())));
        route.add("/config", "PUT", this::put);
        route.add("/config/source", "GET", this::source);
        route.add("/config/reload", "POST", this::reload);
        route.add("/config/validate", "POST", this::validate);
    }

    private ConfigFile file() throws ApiException {
        ConfigFile f = configFile.get();
        if (f == null) {
            throw new ApiException(
                    404,
                    "no YAML configuration file is in use: the services come from ConfigAdmin (bin/relay -c FILE,"
                            + " or config:edit org.asyncrelay.config path=...)");
        }
        return f;
    }

    private void source(HttpServletRequest request, HttpServletResponse response) throws IOException, ApiException {
        ConfigFile f = file();
        ApiResponses.json(
                response,
                200,
                new ApiBodies.Source(
                        f.source(),
                        f.path().toString(),
                        f.runtimePath().toString(),
                        request.getRemoteUser() == null,
                        f.hookChangesAllowed()));
    }

    private void put(HttpServletRequest request, HttpServletResponse response) throws IOException, ApiException {
        ConfigFile f = file();
        ConfigFile.ReloadResult result;
        try {
            result = f.saveRuntime(submittedYaml(request, f));
        } catch (ConfigFile.ChangeRefused refused) {
            throw new ApiException(
                    403,
                    "configuration not saved: " + refused.getMessage(),
                    ApiBodies.problems(refused.problems(), List.of()));
        }
        if (!result.applied()) {
            throw invalid("configuration not saved", result);
        }
        LOG.info("web UI: configuration saved to {} and applied", f.runtimePath());
        ApiResponses.json(
                response,
                200,
                new ApiBodies.Applied(
                        true,
                        "saved to " + f.runtimePath() + " and applied",
                        f.source(),
                        ApiBodies.Problem.of(result.warnings())));
    }

    private void validate(HttpServletRequest request, HttpServletResponse response) throws IOException, ApiException {
        ConfigFile f = file();
        ConfigFile.ReloadResult result = f.validate(submittedYaml(request, f));
        ApiResponses.json(
                response,
                200,
                new ApiBodies.Validity(
                        result.errors().isEmpty(),
                        ApiBodies.Problem.of(result.errors()),
                        ApiBodies.Problem.of(result.warnings())));
    }

    private void reload(HttpServletRequest request, HttpServletResponse response) throws IOException, ApiException {
        ConfigFile f = file();
        ConfigFile.ReloadResult result = f.reload();
        if (!result.applied()) {
            throw invalid("configuration not reloaded: the running configuration stays in force", result);
        }
        ApiResponses.json(
                response,
                200,
                new ApiBodies.Applied(true, "reloaded", f.source(), ApiBodies.Problem.of(result.warnings())));
    }

    private static ApiException invalid(String message, ConfigFile.ReloadResult result) {
        return new ApiException(
                400,
                message + ": " + result.errors().size() + " error(s)",
                ApiBodies.problems(result.errors(), result.warnings()));
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
            List<String> keys = new ArrayList<>();
            config.fieldNames().forEachRemaining(keys::add);
            throw new ApiException(
                    400,
                    "expected {\"yaml\": \"...\"} or a configuration object with \"services\", got an object with "
                            + (keys.isEmpty() ? "no keys" : "keys " + keys));
        }
        Map<String, Object> tree = ApiResponses.JSON.convertValue(config, new TypeReference<Map<String, Object>>() {});
        return YamlDocuments.yaml(tree);
    }
}
