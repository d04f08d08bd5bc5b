package org.asyncrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayLauncherTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    /** The config bundle and SnakeYAML, as bin/relay names them in the distribution's system/. */
    private static String preflightClasspath() throws Exception {
        return String.join(
                File.pathSeparator,
                location("org.asyncrelay.config.cli.ConfigCheck"),
                location("org.asyncrelay.api.ConfigProblem"),
                location("org.yaml.snakeyaml.Yaml"));
    }

    private static String location(String type) throws Exception {
        return Path.of(Class.forName(type)
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
    }

    @Test
    void anInvalidFileStopsTheStartWithItsErrorsAndMakesNothing() throws Exception {
        Path yaml = dir.resolve("relay.yaml");
        Files.writeString(yaml, "services:\n  - name: a\n    listen: {port: 70000}\n    backends: [\"b:1\"]\n");
        Path etc = Files.createDirectory(dir.resolve("etc"));

        int status = RelayLauncher.preflight(preflightClasspath(), yaml.toString(), etc.toString(), err);

        assertThat(status).isEqualTo(RelayLauncher.INVALID_CONFIGURATION);
        assertThat(errBytes.toString(StandardCharsets.UTF_8))
                .contains("relay.yaml:3:")
                .contains("listen.port")
                .contains("configuration invalid, 1 error(s)");
        assertThat(etc).isEmptyDirectory();
    }

    @Test
    void aValidFileGoesOnWithTheCredentialsMade() throws Exception {
        Path yaml = dir.resolve("relay.yaml");
        Files.writeString(yaml, "services:\n  - name: a\n    listen: {port: 7000}\n    backends: [\"b:1\"]\n");
        Path etc = Files.createDirectory(dir.resolve("etc"));

        int status = RelayLauncher.preflight(preflightClasspath(), yaml.toString(), etc.toString(), err);

        assertThat(status).as(errBytes.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(etc.resolve("relay.key")).exists();
        assertThat(etc.resolve("admin.password")).exists();
        assertThat(Files.readString(etc.resolve("users.properties"))).startsWith("admin = {CRYPT}");
    }

    @Test
    void credentialsThatCannotBeWrittenStopTheStart() throws Exception {
        Path yaml = dir.resolve("relay.yaml");
        Files.writeString(yaml, "services:\n  - name: a\n    listen: {port: 7000}\n    backends: [\"b:1\"]\n");

        int status = RelayLauncher.preflight(
                preflightClasspath(), yaml.toString(), dir.resolve("missing").toString(), err);

        assertThat(status).isEqualTo(RelayLauncher.NO_CREDENTIALS);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("cannot create the credentials in");
    }
}
