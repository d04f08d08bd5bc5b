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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's runtime overrides: a configuration saved from the UI goes to {@code
 * <name>.runtime.yaml} beside the file, stamped with the hash of the file it was based on. It is
 * in force while the file keeps that hash; once the file is edited, the file is authoritative.
 */
final class RuntimeOverride {

    static final String SOURCE_FILE = "config.yaml";
    static final String SOURCE_UI = "ui_modified";

    private static final Pattern BASE_HASH = Pattern.compile("(?m)^  base_config_hash: *\"?([0-9a-f]{64})\"?\\s*$");
    private static final Pattern META_BLOCK = Pattern.compile("(?m)^_meta:.*\\R(?:^[ \\t].*\\R?|^\\s*\\R)*");

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
            return new Effective(runtimeFile, SOURCE_UI, false);
        }
        return new Effective(file, SOURCE_FILE, true);
    }

    /** Writes {@code yaml} as the runtime override of the file as it is now. */
    void save(String yaml) throws IOException {
        String hash = sha256(Files.readAllBytes(file));
        String body = META_BLOCK.matcher(yaml).replaceAll("");
        String text = "_meta:\n"
                + "  base_config_hash: \"" + hash + "\"\n"
                + "  saved_at: \"" + clock.instant() + "\"\n"
                + body;
        Path tmp = runtimeFile.resolveSibling("." + runtimeFile.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, runtimeFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Optional<String> baseHash(String runtimeText) {
        Matcher m = BASE_HASH.matcher(runtimeText);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
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
