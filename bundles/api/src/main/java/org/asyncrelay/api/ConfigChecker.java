package org.asyncrelay.api;

import java.nio.file.Path;

/**
 * Validates a configuration file as a reload would, applying nothing. Registered by the config
 * bundle whether or not a file is in force.
 */
public interface ConfigChecker {

    /** {@link ConfigFile.ReloadResult#applied()} is always false; errors name the file, line and field. */
    ConfigFile.ReloadResult check(Path file);
}
