package org.asyncrelay.config.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.asyncrelay.config.yaml.ConfigParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeOverrideTest {

    @TempDir
    Path dir;

    final Clock clock = Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC);

    static final String FILE = "services:\n  - {name: a, listen: {port: 9000}, backends: [\"127.0.0.1:1\"]}\n";
    static final String UI = "services:\n  - {name: b, listen: {port: 9001}, backends: [\"127.0.0.1:2\"]}\n";

    @Test
    void theRuntimeFileIsNamedAfterTheFile() {
        assertThat(RuntimeOverride.runtimePathOf(dir.resolve("config.yaml")))
                .isEqualTo(dir.resolve("config.runtime.yaml"));
        assertThat(RuntimeOverride.runtimePathOf(dir.resolve("example.yml")))
                .isEqualTo(dir.resolve("example.runtime.yml"));
    }

    @Test
    void withoutARuntimeFileTheFileIsInForce() throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), FILE);
        RuntimeOverride o = new RuntimeOverride(file, clock);
        assertThat(o.effective()).isEqualTo(new RuntimeOverride.Effective(file, "config.yaml", false));
    }

    @Test
    void aSavedOverrideIsInForceUntilTheFileIsEdited() throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), FILE);
        RuntimeOverride o = new RuntimeOverride(file, clock);

        o.save(UI);

        Path runtime = dir.resolve("config.runtime.yaml");
        String saved = Files.readString(runtime);
        assertThat(saved)
                .startsWith("_meta:\n  base_config_hash: \"" + RuntimeOverride.sha256(FILE.getBytes()) + "\"\n");
        assertThat(saved).contains("saved_at: \"2026-11-26T08:00:00Z\"").endsWith(UI);
        assertThat(ConfigParser.parse(runtime).valid()).isTrue();
        assertThat(o.effective()).isEqualTo(new RuntimeOverride.Effective(runtime, "ui_modified", false));

        Files.writeString(file, FILE + "# edited by hand\n");
        assertThat(o.effective()).isEqualTo(new RuntimeOverride.Effective(file, "config.yaml", true));
    }

    @Test
    void savingAgainReplacesTheOldMetaBlock() throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), FILE);
        RuntimeOverride o = new RuntimeOverride(file, clock);
        o.save(UI);
        o.save(Files.readString(dir.resolve("config.runtime.yaml")));
        String saved = Files.readString(dir.resolve("config.runtime.yaml"));
        assertThat(saved.split("_meta:", -1)).hasSize(2);
        assertThat(saved).endsWith(UI);
    }
}
