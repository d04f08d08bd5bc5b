package org.asyncrelay.config.bridge;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.asyncrelay.api.ConfigFile;
import org.asyncrelay.api.ConfigProblem;
import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.settings.WebUiSettings;
import org.asyncrelay.config.model.RelayConfiguration;
import org.asyncrelay.config.yaml.ConfigParser;
import org.asyncrelay.config.yaml.ParseResult;
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
 * #RELOAD_PROPERTY}, {@value #DELAY_PROPERTY}). Registers {@link ConfigFile} while a file is set.
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
    private RuntimeOverride runtime;
    private volatile RuntimeOverride.Effective effective;
    private FileWatcher watcher;
    private FileWatcher trigger;
    private ServiceRegistration<ConfigFile> registration;
    private volatile ConfigFile.ReloadResult lastReload;
    private volatile String passwordInForce = "";

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
        runtime = new RuntimeOverride(file, java.time.Clock.systemUTC());
        apply();
        registration = context.registerService(ConfigFile.class, new File(), null);
        if (reload) {
            try {
                watcher = new FileWatcher(file, Duration.ofMillis(Math.round(Math.max(0, delay) * 1000)), this::apply);
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
                trigger = new FileWatcher(Path.of(signal), Duration.ZERO, this::reloadOnSignal);
            } catch (IOException e) {
                LOG.error("{}: SIGHUP cannot reload: {}", file, e.toString());
            }
        }
    }

    private void reloadOnSignal() {
        LOG.info("{}: SIGHUP, reloading", file);
        apply();
    }

    private void stopWatching() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
        if (trigger != null) {
            trigger.close();
            trigger = null;
        }
    }

    private void unregister() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }

    /**
     * Reads what is in force (the file, or its runtime override while the file is unchanged) and
     * applies it; an invalid file changes nothing.
     */
    synchronized ConfigFile.ReloadResult apply() {
        Path main = file;
        if (main == null) {
            return new ConfigFile.ReloadResult(
                    false, List.of(new ConfigProblem("", 0, 0, "", "no configuration file is set")), List.of());
        }
        RuntimeOverride.Effective e;
        try {
            e = runtime.effective();
        } catch (IOException ex) {
            e = new RuntimeOverride.Effective(main, RuntimeOverride.SOURCE_FILE, false);
        }
        if (e.stale() && (effective == null || !e.equals(effective))) {
            LOG.info(
                    "{} was edited after {} was saved from the UI: the file is authoritative again",
                    main,
                    runtime.runtimeFile());
        }
        Path f = e.path();
        ParseResult result = ConfigParser.parse(f);
        List<ConfigProblem> warnings = result.warnings();
        List<ConfigProblem> errors = result.errors();
        warnings.forEach(w -> LOG.warn("{}", w));
        if (!result.valid()) {
            errors.forEach(x -> LOG.error("{}", x));
            LOG.error("{}: {} error(s), the running configuration stays in force", f, errors.size());
            return remember(new ConfigFile.ReloadResult(false, errors, warnings));
        }
        RelayConfiguration config = result.configuration().orElseThrow();
        try {
            ConfigurationSync.SyncOutcome outcome =
                    sync.apply(config, f.getFileName().toString());
            effective = e;
            passwordInForce = config.webUi().get(WebUiSettings.AUTH_PASSWORD);
            LOG.info(
                    "{}: {} service(s) configured ({} created, {} updated, {} removed)",
                    f,
                    config.services().size(),
                    outcome.created(),
                    outcome.updated(),
                    outcome.deleted());
            return remember(new ConfigFile.ReloadResult(true, List.of(), warnings));
        } catch (IOException | RuntimeException ex) {
            LOG.error("{}: could not apply to ConfigAdmin: {}", f, ex.toString());
            return remember(new ConfigFile.ReloadResult(
                    false,
                    List.of(new ConfigProblem(f.toString(), 0, 0, "", "could not be applied: " + ex)),
                    warnings));
        }
    }

    synchronized ConfigFile.ReloadResult saveRuntime(String submitted) {
        Path target = runtime.runtimeFile();
        String yaml = Passwords.unmask(submitted, passwordInForce);
        ParseResult check = ConfigParser.parse(yaml, target.toString());
        List<ConfigProblem> warnings = check.warnings();
        if (!check.valid()) {
            return new ConfigFile.ReloadResult(false, check.errors(), warnings);
        }
        List<ConfigProblem> refused = refusedHookChanges(check, yaml, target);
        if (!refused.isEmpty()) {
            refused.forEach(r -> LOG.warn("{}: not saved: {}", target, r));
            throw new ConfigFile.ChangeRefused(refused);
        }
        try {
            runtime.save(yaml);
        } catch (IOException ex) {
            return new ConfigFile.ReloadResult(
                    false,
                    List.of(new ConfigProblem(target.toString(), 0, 0, "", "cannot write: " + ex.getMessage())),
                    warnings);
        }
        LOG.info("{}: saved from the UI", target);
        return apply();
    }

    private List<ConfigProblem> refusedHookChanges(ParseResult submitted, String yaml, Path target) {
        return submitted
                .configuration()
                .map(c -> HookChangeGuard.refusals(c, yaml, target.toString(), onDisk()))
                .orElse(List.of());
    }

    /** The file as its owner wrote it, not a runtime override; null when it is not valid. */
    private RelayConfiguration onDisk() {
        Path main = file;
        return main == null ? null : ConfigParser.parse(main).configuration().orElse(null);
    }

    private ConfigFile.ReloadResult remember(ConfigFile.ReloadResult r) {
        lastReload = r;
        return r;
    }

    private final class File implements ConfigFile {
        private final Path path = file;

        @Override
        public Path path() {
            return path;
        }

        @Override
        public Path runtimePath() {
            return runtime.runtimeFile();
        }

        @Override
        public String source() {
            RuntimeOverride.Effective e = effective;
            return e == null ? RuntimeOverride.SOURCE_FILE : e.source();
        }

        @Override
        public String text() {
            RuntimeOverride.Effective e = effective;
            try {
                return Passwords.mask(java.nio.file.Files.readString(e == null ? path : e.path()));
            } catch (IOException ex) {
                return "";
            }
        }

        @Override
        public ReloadResult saveRuntime(String yaml) {
            return YamlBridge.this.saveRuntime(yaml);
        }

        @Override
        public ReloadResult validate(String yaml) {
            String unmasked = Passwords.unmask(yaml, passwordInForce);
            ParseResult check = ConfigParser.parse(unmasked, runtimePath().toString());
            List<ConfigProblem> errors = new java.util.ArrayList<>(check.errors());
            errors.addAll(refusedHookChanges(check, unmasked, runtimePath()));
            return new ReloadResult(false, errors, check.warnings());
        }

        @Override
        public boolean hookChangesAllowed() {
            RelayConfiguration c = onDisk();
            return c != null && c.webUi().get(WebUiSettings.ALLOW_HOOK_CHANGES);
        }

        @Override
        public ReloadResult reload() {
            return apply();
        }

        @Override
        public Optional<ReloadResult> lastReload() {
            return Optional.ofNullable(lastReload);
        }
    }
}
