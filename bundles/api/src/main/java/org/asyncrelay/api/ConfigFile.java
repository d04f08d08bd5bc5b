package org.asyncrelay.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The YAML file the relay's services come from, as the config bundle registers it once a file is
 * set. Shell, web and JMX reload it through this service.
 */
public interface ConfigFile {

    /** The file, absolute. */
    Path path();

    /** Reads the file now and applies it when valid; an invalid file changes nothing. */
    ReloadResult reload();

    /** The outcome of the last reload, if any. */
    Optional<ReloadResult> lastReload();

    /**
     * @param applied whether the file was valid and is now in force
     * @param errors why it was not, each as {@code file:line:column path: message}
     * @param warnings unknown keys and the like, in the same form
     */
    record ReloadResult(boolean applied, List<String> errors, List<String> warnings) {

        public ReloadResult {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }
}
