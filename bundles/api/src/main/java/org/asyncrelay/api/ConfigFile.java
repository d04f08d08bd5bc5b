package org.asyncrelay.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
     * override saved against the file's current content is, {@code "cluster"} when the configuration
     * a cluster shares is.
     */
    String source();

    /** Written in place of every password that leaves the config bundle. */
    String PASSWORD_MASK = "********";

    /**
     * The YAML text in force now, each password replaced by {@link #PASSWORD_MASK} (the lines stay
     * where they are).
     */
    String text();

    /**
     * Validates {@code yaml}; when valid, saves it as the runtime override of the file as it is now
     * and applies it. When invalid, nothing is saved or applied. A password given as {@link
     * #PASSWORD_MASK} keeps the password in force.
     *
     * @throws ChangeRefused when {@code yaml} sets or changes an event hook's command or arguments
     *     and the file does not allow it ({@link #hookChangesAllowed()}); nothing is saved
     */
    ReloadResult saveRuntime(String yaml);

    /**
     * Validates {@code yaml} as {@link #saveRuntime(String)} would, saving and applying nothing;
     * {@link ReloadResult#applied()} is false. What {@link ChangeRefused} would refuse is among the
     * errors.
     */
    ReloadResult validate(String yaml);

    /**
     * Whether the file on disk says {@code web_ui.allow_hook_changes: true}: only then may a
     * configuration saved at runtime set or change an event hook's command (it runs as the relay's
     * OS user).
     */
    boolean hookChangesAllowed();

    /** A runtime change the file does not allow, with the fields refused. */
    final class ChangeRefused extends SecurityException {

        private static final long serialVersionUID = 1L;
        private final transient List<ConfigProblem> problems;

        public ChangeRefused(List<ConfigProblem> problems) {
            super(problems.isEmpty() ? "refused" : problems.get(0).message());
            this.problems = List.copyOf(problems);
        }

        public List<ConfigProblem> problems() {
            return problems;
        }
    }

    /** Reads the file now and applies it when valid; an invalid file changes nothing. */
    ReloadResult reload();

    /**
     * #21: EventAdmin topic posted each time a configuration was applied (at start, on a reload, a
     * runtime save or a cluster's change), with property {@value #SHARED_HASH}.
     */
    String TOPIC_APPLIED = "org/asyncrelay/config/APPLIED";

    /** The SHA-256 of {@link #sharedText()} as it was applied, hex. */
    String SHARED_HASH = "shared.hash";

    /**
     * #21: the part of the configuration in force that the relays of a cluster share, as canonical
     * YAML: everything but the {@code cluster} block and the web UI's own listen address and port,
     * which stay each node's. Passwords and hook commands are included (it must never be shown; the
     * cluster carries it under an HMAC). Empty when nothing valid is in force.
     */
    default String sharedText() {
        return "";
    }

    /**
     * When the text in force was last changed on this node: the file's or its runtime override's
     * modification time.
     */
    default java.time.Instant inForceSince() {
        return java.time.Instant.EPOCH;
    }

    /**
     * #21: takes a cluster's shared configuration ({@link #sharedText()} of another node): this
     * node's own {@code cluster} block and web UI address and port are kept, the result is saved as
     * the runtime override (source {@code "cluster"}) and applied. Validated like a runtime save,
     * and refused the same way when it changes an event hook the file does not allow.
     *
     * @param origin which node it came from, for the log
     */
    default ReloadResult applyShared(String sharedText, String origin) {
        throw new UnsupportedOperationException("no cluster support");
    }

    /** Reloads and runtime saves since start: {@code applied} and {@code rejected} (invalid or refused). */
    default Map<String, Long> reloadsByResult() {
        return Map.of();
    }

    /** The outcome of the last reload, if any. */
    Optional<ReloadResult> lastReload();

    /**
     * @param applied whether the file was valid and is now in force
     * @param errors why it was not
     * @param warnings unknown keys and the like
     */
    record ReloadResult(boolean applied, List<ConfigProblem> errors, List<ConfigProblem> warnings) {

        public ReloadResult {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }
}
