package org.asyncrelay.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.asyncrelay.api.ConfigFile;
import org.asyncrelay.api.ConfigProblem;

/** The bodies of the REST API's answers, as Jackson writes them (snake_case keys, in this order). */
final class ApiBodies {

    private ApiBodies() {}

    /** A problem of a configuration: where and what, and the whole as one line. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Problem(int line, int column, String path, String message, String text) {
        static List<Problem> of(List<ConfigProblem> problems) {
            return problems.stream()
                    .map(p -> new Problem(p.line(), p.column(), p.path(), p.message(), p.toString()))
                    .toList();
        }
    }

    /** The details of an answer refusing a configuration. */
    static Map<String, Object> problems(List<ConfigProblem> errors, List<ConfigProblem> warnings) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("errors", Problem.of(errors));
        details.put("warnings", Problem.of(warnings));
        return details;
    }

    /** {@code GET /api/config}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Config(Map<String, Object> config, String yaml, String source, String configPath, String runtimePath) {
        static Config of(ConfigFile f) {
            return new Config(
                    YamlDocuments.tree(f.text()),
                    f.text(),
                    f.source(),
                    f.path().toString(),
                    f.runtimePath().toString());
        }
    }

    /** {@code GET /api/config/source}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Source(String source, String configPath, String runtimePath, boolean readOnly, boolean hookChangesAllowed) {}

    /** A configuration saved or reloaded, and in force. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Applied(boolean success, String message, String source, List<Problem> warnings) {}

    /** {@code POST /api/config/validate}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Validity(boolean valid, List<Problem> errors, List<Problem> warnings) {}

    /** {@code GET /api/events}. */
    record Events(List<Map<String, Object>> events) {}

    /** {@code POST /api/backends/<action>}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record BackendActionDone(boolean success, String service, String backend, String action, String state) {}
}
