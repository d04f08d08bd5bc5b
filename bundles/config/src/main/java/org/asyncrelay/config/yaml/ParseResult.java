package org.asyncrelay.config.yaml;

import java.util.List;
import java.util.Optional;
import org.asyncrelay.api.ConfigProblem;
import org.asyncrelay.config.model.RelayConfiguration;

/** A configuration when the file is valid, and every error and warning found in it. */
public record ParseResult(
        Optional<RelayConfiguration> configuration, List<ConfigProblem> errors, List<ConfigProblem> warnings) {

    public ParseResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
