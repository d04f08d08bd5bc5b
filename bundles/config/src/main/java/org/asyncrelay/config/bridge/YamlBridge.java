package org.asyncrelay.config.bridge;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.asyncrelay.api.ConfigFile;
import org.asyncrelay.api.RelayPids;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates the YAML file into ConfigAdmin configurations and keeps doing so as the file changes.
 * Its settings come from PID {@value RelayPids#CONFIG_BRIDGE}; where that is not configured, from
 * the system properties {@code bin/relay} sets ({@value #PATH_PROPERTY}, {@value
 * #RELOAD_PROPERTY}, {@value #DELAY_PROPERTY}). While a file is set, registers it as {@link ConfigFile}
 * ({@link ConfigInForce}) and reloads it when it changes or on SIGHUP.
 */
@Component(
        service = {},
        configurationPid = RelayPids.CONFIG_BRIDGE,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = YamlBridge.Config.class)
public class YamlBridge {

    static final String PATH_PROPERTY = "asyncrelay.config";
    static final String RELOAD_PROPERTY = "asyncrelay.reload";
    static final String DELAY_PROPERTY = "asyncrelay.reload.delay";
    /** #16: a file bin/relay touches on SIGHUP; each change reloads the YAML file, as relay:reload does. */
    static final String TRIGGER_PROPERTY = "asyncrelay.reload.trigger";

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
                description = "Seconds to wait after the last change of the file before reloading it.",
                min = "0")
        double reload_delay() default 10;
    }

    private static final Logger LOG = LoggerFactory.getLogger(YamlBridge.class);

    private final BundleContext context;
    private final ConfigurationSync sync;
    private Path file;
    private ConfigInForce inForce;
    /** The YAML file's and the SIGHUP trigger's, made for the first of them. */
    private FileWatcher watcher;

    private ServiceRegistration<ConfigFile> registration;

    /** #21: told each configuration applied, for the cluster; optional, the relay runs without it. */
    @Reference(
            cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile org.osgi.service.event.EventAdmin events;

    @Activate
    public YamlBridge(
            BundleContext context, @Reference ConfigurationAdmin cm, Config config, Map<String, Object> props) {
        this.context = context;
        this.sync = new ConfigurationSync(cm);
        configure(config, props);
    }

    @Modified
    synchronized void modified(Config config, Map<String, Object> props) {
        configure(config, props);
    }

    @Deactivate
    synchronized void deactivate() {
        stopWatching();
        unregister();
    }

    private synchronized void configure(Config config, Map<String, Object> props) {
        stopWatching();
        unregister();
        // configured through ConfigAdmin (the PID exists), or else by bin/relay's system properties
        boolean configured = props.containsKey(org.osgi.framework.Constants.SERVICE_PID);
        String path = configured ? config.path() : System.getProperty(PATH_PROPERTY, "");
        boolean reload = configured
                ? config.reload_enabled()
                : Boolean.parseBoolean(System.getProperty(RELOAD_PROPERTY, "true"));
        double delay =
                configured ? config.reload_delay() : Double.parseDouble(System.getProperty(DELAY_PROPERTY, "10"));
        if (path.isBlank()) {
            file = null;
            LOG.info(
                    "no YAML configuration file set ({} path or -D{}): services come from ConfigAdmin only",
                    RelayPids.CONFIG_BRIDGE,
                    PATH_PROPERTY);
            return;
        }
        file = Path.of(path).toAbsolutePath().normalize();
        inForce = new ConfigInForce(file, sync, this::applied);
        inForce.reload();
        registration = context.registerService(ConfigFile.class, inForce, null);
        if (reload) {
            try {
                watcher().watch(file, Duration.ofMillis(Math.round(Math.max(0, delay) * 1000)), inForce::reload);
                LOG.info("{}: hot reload on, {} s after the last change", file, delay);
            } catch (IOException e) {
                LOG.error("{}: cannot watch for changes, hot reload off: {}", file, e.toString());
            }
        } else {
            LOG.info("{}: hot reload off", file);
        }
        String signal = configured ? "" : System.getProperty(TRIGGER_PROPERTY, "");
        if (!signal.isBlank()) {
            try {
                watcher().watch(Path.of(signal), Duration.ZERO, this::reloadOnSignal);
            } catch (IOException e) {
                LOG.error("{}: SIGHUP cannot reload: {}", file, e.toString());
            }
        }
    }

    private void applied(String sharedHash) {
        org.osgi.service.event.EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new org.osgi.service.event.Event(
                    ConfigFile.TOPIC_APPLIED, Map.of(ConfigFile.SHARED_HASH, sharedHash)));
        }
    }

    private FileWatcher watcher() throws IOException {
        if (watcher == null) {
            watcher = new FileWatcher();
        }
        return watcher;
    }

    private void reloadOnSignal() {
        LOG.info("{}: SIGHUP, reloading", file);
        inForce.reload();
    }

    private void stopWatching() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    private void unregister() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
