package org.asyncrelay.config.yaml;

import java.util.ArrayList;
import java.util.List;
import org.asyncrelay.api.ConfigProblem;
import org.yaml.snakeyaml.nodes.Node;

/** Gathers every problem of one file, positioned at the YAML node it is about. */
final class ProblemCollector {

    private final String file;
    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    ProblemCollector(String file) {
        this.file = file;
    }

    void error(Node at, String path, String message) {
        errors.add(problem(at, path, message));
    }

    void warning(Node at, String path, String message) {
        warnings.add(problem(at, path, message));
    }

    void fileError(int line, int column, String message) {
        errors.add(new ConfigProblem(file, line, column, "", message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<ConfigProblem> errors() {
        return errors;
    }

    List<ConfigProblem> warnings() {
        return warnings;
    }

    private ConfigProblem problem(Node at, String path, String message) {
        if (at == null || at.getStartMark() == null) {
            return new ConfigProblem(file, 0, 0, path, message);
        }
        return new ConfigProblem(
                file, at.getStartMark().getLine() + 1, at.getStartMark().getColumn() + 1, path, message);
    }
}
