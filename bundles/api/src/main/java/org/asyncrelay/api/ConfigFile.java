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

    /** Where configurations saved at runtime (from the web UI) go: {@code <name>.runtime.yaml} beside the file. */
    Path runtimePath();

    /**
     * What is in force: {@code "config.yaml"} when the file is, {@code "ui_modified"} when a runtime
     * override saved against the file's current content is.
     */
    String source();

    /** The YAML text in force now. */
    String text();

    /**
     * Validates {@code yaml}; when valid, saves it as the runtime override of the file as it is now
     * and applies it. When invalid, nothing is saved or applied.
     */
    ReloadResult saveRuntime(String yaml);

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
