package org.asyncrelay.config.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The seed's runtime overrides: a configuration saved from the UI goes to {@code
 * <name>.runtime.yaml} beside the file, stamped with the hash of the file it was based on. It is
 * in force while the file keeps that hash; once the file is edited, the file is authoritative.
 */
final class RuntimeOverride {

    static final String SOURCE_FILE = "config.yaml";
    static final String SOURCE_UI = "ui_modified";
    /** #21: the override holds the configuration a cluster shares. */
    static final String SOURCE_CLUSTER = "cluster";

    static final String META = "_meta";

    private final Path file;
    private final Path runtimeFile;
    private final Clock clock;

    RuntimeOverride(Path file, Clock clock) {
        this.file = file;
        this.runtimeFile = runtimePathOf(file);
        this.clock = clock;
    }

    static Path runtimePathOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".yaml";
        return file.resolveSibling(stem + ".runtime" + ext);
    }

    Path runtimeFile() {
        return runtimeFile;
    }

    /** Which file is in force now, and the source word the API reports for it. */
    Effective effective() throws IOException {
        String hash = sha256(Files.readAllBytes(file));
        String runtime;
        try {
            runtime = Files.readString(runtimeFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Effective(file, SOURCE_FILE, false);
        }
        Optional<String> base = baseHash(runtime);
        if (base.isPresent() && base.get().equals(hash)) {
            return new Effective(runtimeFile, meta(runtime, "saved_by").orElse(SOURCE_UI), false);
        }
        return new Effective(file, SOURCE_FILE, true);
    }

    /** Writes {@code yaml} as the runtime override of the file as it is now. */
    void save(String yaml) throws IOException {
        save(yaml, SOURCE_UI);
    }

    /** Writes {@code yaml} as the runtime override, saying who saved it: {@link #SOURCE_UI} or {@link #SOURCE_CLUSTER}. */
    void save(String yaml, String savedBy) throws IOException {
        String hash = sha256(Files.readAllBytes(file));
        String body = withoutMeta(yaml);
        String text = "_meta:\n"
                + "  base_config_hash: \"" + hash + "\"\n"
                + "  saved_at: \"" + clock.instant() + "\"\n"
                + (SOURCE_UI.equals(savedBy) ? "" : "  saved_by: \"" + savedBy + "\"\n")
                + body;
        Path tmp = runtimeFile.resolveSibling("." + runtimeFile.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, runtimeFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The hash of the file the override was based on: {@code _meta.base_config_hash}. */
    static Optional<String> baseHash(String runtimeText) {
        return meta(runtimeText, "base_config_hash");
    }

    private static Optional<String> meta(String runtimeText, String key) {
        return YamlText.compose(runtimeText)
                .flatMap(root -> YamlText.child(root, META))
                .flatMap(meta -> YamlText.child(meta, key))
                .filter(ScalarNode.class::isInstance)
                .map(n -> ((ScalarNode) n).getValue());
    }

    /** {@code yaml} without its {@code _meta} block, which save() writes anew. */
    static String withoutMeta(String yaml) {
        return YamlText.compose(yaml)
                .flatMap(root -> YamlText.entry(root, META))
                .map(meta -> {
                    String cut = YamlText.replace(yaml, meta.getKeyNode(), meta.getValueNode(), "");
                    // the line the block stood on, if nothing else is left on it
                    int at = yaml.offsetByCodePoints(
                            0, meta.getKeyNode().getStartMark().getIndex());
                    return cut.startsWith("\n", at) ? cut.substring(0, at) + cut.substring(at + 1) : cut;
                })
                .orElse(yaml);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param stale a runtime override exists but was based on an older version of the file
     */
    record Effective(Path path, String source, boolean stale) {}
}
