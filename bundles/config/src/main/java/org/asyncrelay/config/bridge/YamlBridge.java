package org.asyncrelay.config.bridge;

import java.io.IOException;
import java.nio.file.Path;
import org.asyncrelay.api.RelayPids;
import org.asyncrelay.config.model.RelayConfiguration;
import org.asyncrelay.config.yaml.ConfigParser;
import org.asyncrelay.config.yaml.ParseResult;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates the YAML file into ConfigAdmin configurations. The file comes from this component's
 * {@code path}, else from system property {@value #PATH_PROPERTY} (set by {@code bin/relay}).
 */
@Component(configurationPid = RelayPids.CONFIG_BRIDGE, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = YamlBridge.Config.class)
public class YamlBridge {

    static final String PATH_PROPERTY = "asyncrelay.config";

    @ObjectClassDefinition(
            name = "async-relay YAML configuration",
            description = "Which YAML file defines the relay services; its services become factory configurations"
                    + " org.asyncrelay.service~<name>.")
    public @interface Config {
        @AttributeDefinition(
                name = "YAML file",
                description = "Absolute path of the configuration file. Empty: the system property asyncrelay.config,"
                        + " which bin/relay sets from -c.")
        String path() default "";

        @AttributeDefinition(name = "Hot reload", description = "Apply edits of the file while running.")
        boolean reload_enabled() default true;

        @AttributeDefinition(
                name = "Reload delay (s)",
                description = "Seconds to wait after the last change of the file before reloading it.")
        int reload_delay() default 10;
    }

    private static final Logger LOG = LoggerFactory.getLogger(YamlBridge.class);

    private final ConfigurationSync sync;
    private volatile Path file;

    @Activate
    public YamlBridge(@Reference ConfigurationAdmin cm, Config config) {
        this.sync = new ConfigurationSync(cm);
        configure(config);
    }

    @Modified
    void modified(Config config) {
        configure(config);
    }

    private void configure(Config config) {
        String path = config.path().isBlank() ? System.getProperty(PATH_PROPERTY, "") : config.path();
        if (path.isBlank()) {
            file = null;
            LOG.info(
                    "no YAML configuration file set (org.asyncrelay.config path or -D{}): services come from ConfigAdmin only",
                    PATH_PROPERTY);
            return;
        }
        file = Path.of(path).toAbsolutePath().normalize();
        reload();
    }

    /** Reads the file again and applies it; an invalid file changes nothing. Returns whether it applied. */
    public boolean reload() {
        Path f = file;
        if (f == null) {
            return false;
        }
        ParseResult result = ConfigParser.parse(f);
        result.warnings().forEach(w -> LOG.warn("{}", w));
        if (!result.valid()) {
            result.errors().forEach(e -> LOG.error("{}", e));
            LOG.error(
                    "{}: {} error(s), the running configuration stays in force",
                    f,
                    result.errors().size());
            return false;
        }
        RelayConfiguration config = result.configuration().orElseThrow();
        try {
            ConfigurationSync.SyncOutcome outcome =
                    sync.apply(config, f.getFileName().toString());
            LOG.info(
                    "{}: {} service(s) configured ({} created, {} updated, {} removed)",
                    f,
                    config.services().size(),
                    outcome.created(),
                    outcome.updated(),
                    outcome.deleted());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: could not apply to ConfigAdmin: {}", f, e.toString());
            return false;
        }
    }
}
