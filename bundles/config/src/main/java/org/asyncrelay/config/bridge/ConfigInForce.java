package org.asyncrelay.config.bridge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.asyncrelay.api.ConfigFile;
import org.asyncrelay.api.ConfigProblem;
import org.asyncrelay.api.settings.WebUiSettings;
import org.asyncrelay.config.model.RelayConfiguration;
import org.asyncrelay.config.yaml.ConfigParser;
import org.asyncrelay.config.yaml.ParseResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration file in force and what can be done with it: which text is in force (the file,
 * or its runtime override while the file is unchanged), reading and applying it to ConfigAdmin,
 * validating and saving a runtime override. Registered as {@link ConfigFile} by {@link YamlBridge}.
 */
final class ConfigInForce implements ConfigFile {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigInForce.class);

    private final Path file;
    private final ConfigurationSync sync;
    private final RuntimeOverride runtime;
    private volatile RuntimeOverride.Effective effective;
    private volatile ReloadResult lastReload;
    private final LongAdder applied = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private volatile String passwordInForce = "";
    private volatile String secretInForce = "";
    private final java.util.function.Consumer<String> onApplied;

    ConfigInForce(Path file, ConfigurationSync sync) {
        this(file, sync, hash -> {});
    }

    /** @param onApplied told the hash of the shared text after each configuration applied */
    ConfigInForce(Path file, ConfigurationSync sync, java.util.function.Consumer<String> onApplied) {
        this.file = file;
        this.sync = sync;
        this.runtime = new RuntimeOverride(file, java.time.Clock.systemUTC());
        this.onApplied = onApplied;
    }

    @Override
    public Path path() {
        return file;
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
            return Passwords.mask(java.nio.file.Files.readString(e == null ? file : e.path()));
        } catch (IOException ex) {
            return "";
        }
    }

    @Override
    public String sharedText() {
        try {
            return SharedText.of(java.nio.file.Files.readString(inForcePath())).orElse("");
        } catch (IOException ex) {
            return "";
        }
    }

    @Override
    public java.time.Instant inForceSince() {
        try {
            return java.nio.file.Files.getLastModifiedTime(inForcePath()).toInstant();
        } catch (IOException ex) {
            return java.time.Instant.EPOCH;
        }
    }

    private Path inForcePath() {
        RuntimeOverride.Effective e = effective;
        return e == null ? file : e.path();
    }

    @Override
    public synchronized ReloadResult applyShared(String shared, String origin) {
        String local;
        try {
            local = java.nio.file.Files.readString(file);
        } catch (IOException ex) {
            local = "";
        }
        java.util.Optional<String> text = SharedText.withLocal(shared, local);
        if (text.isEmpty()) {
            return new ReloadResult(
                    false,
                    List.of(new ConfigProblem(
                            runtimePath().toString(),
                            0,
                            0,
                            "",
                            "the cluster's configuration from " + origin + " is not YAML")),
                    List.of());
        }
        LOG.info("{}: taking the cluster's configuration from {}", runtimePath(), origin);
        return save(text.get(), RuntimeOverride.SOURCE_CLUSTER);
    }

    @Override
    public ReloadResult validate(String yaml) {
        String unmasked = Passwords.unmaskSecret(Passwords.unmask(yaml, passwordInForce), secretInForce);
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
    public Optional<ReloadResult> lastReload() {
        return Optional.ofNullable(lastReload);
    }

    /**
     * Reads what is in force (the file, or its runtime override while the file is unchanged) and
     * applies it; an invalid file changes nothing.
     */
    @Override
    public synchronized ReloadResult reload() {
        Path main = file;
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
            return remember(new ReloadResult(false, errors, warnings));
        }
        RelayConfiguration config = result.configuration().orElseThrow();
        try {
            ConfigurationSync.SyncOutcome outcome =
                    sync.apply(config, f.getFileName().toString());
            effective = e;
            passwordInForce = config.webUi().get(WebUiSettings.AUTH_PASSWORD);
            secretInForce = config.cluster()
                    .map(c -> c.get(org.asyncrelay.api.settings.ClusterSettings.SECRET))
                    .orElse("");
            onApplied.accept(RuntimeOverride.sha256(sharedText().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            LOG.info(
                    "{}: {} service(s) configured ({} created, {} updated, {} removed)",
                    f,
                    config.services().size(),
                    outcome.created(),
                    outcome.updated(),
                    outcome.deleted());
            return remember(new ReloadResult(true, List.of(), warnings));
        } catch (IOException | RuntimeException ex) {
            LOG.error("{}: could not apply to ConfigAdmin: {}", f, ex.toString());
            return remember(new ReloadResult(
                    false,
                    List.of(new ConfigProblem(f.toString(), 0, 0, "", "could not be applied: " + ex)),
                    warnings));
        }
    }

    @Override
    public synchronized ReloadResult saveRuntime(String submitted) {
        String yaml = Passwords.unmaskSecret(Passwords.unmask(submitted, passwordInForce), secretInForce);
        RelayConfiguration disk = onDisk();
        if (disk != null && disk.cluster().isPresent()) {
            // #21: in a cluster, where this relay listens (its cluster block, its web UI's address
            // and port) comes from its own file, whatever a saved configuration says
            String own = yaml;
            try {
                own = java.nio.file.Files.readString(file);
            } catch (IOException ex) {
                // the file was readable a moment ago (onDisk); the submitted text is taken as it is
            }
            String local = own;
            yaml = SharedText.of(yaml)
                    .flatMap(shared -> SharedText.withLocal(shared, local))
                    .orElse(yaml);
        }
        return save(yaml, RuntimeOverride.SOURCE_UI);
    }

    private ReloadResult save(String yaml, String savedBy) {
        Path target = runtime.runtimeFile();
        ParseResult check = ConfigParser.parse(yaml, target.toString());
        List<ConfigProblem> warnings = check.warnings();
        if (!check.valid()) {
            return new ReloadResult(false, check.errors(), warnings);
        }
        List<ConfigProblem> refused = refusedHookChanges(check, yaml, target);
        if (!refused.isEmpty()) {
            refused.forEach(r -> LOG.warn("{}: not saved: {}", target, r));
            throw new ChangeRefused(refused);
        }
        try {
            runtime.save(yaml, savedBy);
        } catch (IOException ex) {
            return new ReloadResult(
                    false,
                    List.of(new ConfigProblem(target.toString(), 0, 0, "", "cannot write: " + ex.getMessage())),
                    warnings);
        }
        LOG.info(
                "{}: saved {}",
                target,
                RuntimeOverride.SOURCE_CLUSTER.equals(savedBy) ? "from the cluster" : "from the UI");
        return reload();
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

    private ReloadResult remember(ReloadResult r) {
        lastReload = r;
        (r.applied() ? applied : rejected).increment();
        return r;
    }

    /** The first load at start counts as one. */
    @Override
    public Map<String, Long> reloadsByResult() {
        return Map.of("applied", applied.sum(), "rejected", rejected.sum());
    }
}
