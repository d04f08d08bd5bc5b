package org.asyncrelay.config.bridge;

import java.nio.file.Path;
import org.asyncrelay.api.ConfigChecker;
import org.asyncrelay.api.ConfigFile;
import org.asyncrelay.config.yaml.ConfigParser;
import org.asyncrelay.config.yaml.ParseResult;
import org.osgi.service.component.annotations.Component;

/** {@code relay:check}'s parser: the one reloads use. */
@Component
public class FileChecker implements ConfigChecker {

    @Override
    public ConfigFile.ReloadResult check(Path file) {
        ParseResult r = ConfigParser.parse(file.toAbsolutePath());
        return new ConfigFile.ReloadResult(false, r.errors(), r.warnings());
    }
}
