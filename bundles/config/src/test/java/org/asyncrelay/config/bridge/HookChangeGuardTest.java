package org.asyncrelay.config.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.asyncrelay.api.ConfigProblem;
import org.asyncrelay.config.model.RelayConfiguration;
import org.asyncrelay.config.yaml.ConfigParser;
import org.junit.jupiter.api.Test;

class HookChangeGuardTest {

    static String file(String webUi, String hook) {
        return webUi + "services:\n"
                + "  - name: web\n"
                + "    listen: {port: 9000}\n"
                + "    backends: [\"127.0.0.1:1\"]\n"
                + hook;
    }

    static final String HOOK =
            "    event_hook:\n      command: /usr/local/bin/alert\n      args: [\"--to\", \"ops\"]\n";

    static RelayConfiguration parse(String yaml) {
        return ConfigParser.parse(yaml, "config.yaml").configuration().orElseThrow();
    }

    static List<ConfigProblem> refusals(String submitted, String onDisk) {
        return HookChangeGuard.refusals(
                parse(submitted), submitted, "config.runtime.yaml", onDisk == null ? null : parse(onDisk));
    }

    @Test
    void theFilesOwnHookMayBeKeptRetimedOrDropped() {
        String disk = file("", HOOK);
        assertThat(refusals(disk, disk)).isEmpty();
        assertThat(refusals(file("", HOOK + "      timeout: 5\n      events: [backend_failed]\n"), disk))
                .isEmpty();
        assertThat(refusals(file("", ""), disk)).isEmpty();
    }

    @Test
    void aNewOrChangedCommandIsRefusedWithItsLine() {
        String disk = file("", "");
        List<ConfigProblem> added = refusals(file("", "    event_hook:\n      command: /usr/bin/touch\n"), disk);
        assertThat(added).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("services[0].event_hook.command");
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.file()).isEqualTo("config.runtime.yaml");
            assertThat(p.message()).contains("can only be set or changed in the configuration file itself");
        });
        assertThat(refusals(file("", HOOK.replace("/usr/local/bin/alert", "/bin/sh")), file("", HOOK)))
                .extracting(ConfigProblem::path)
                .containsExactly("services[0].event_hook.command");
        assertThat(refusals(file("", HOOK.replace("\"ops\"", "\"/tmp/x\"")), file("", HOOK)))
                .extracting(ConfigProblem::path)
                .containsExactly("services[0].event_hook.args");
        // without a readable file on disk, no command can come from the API
        assertThat(refusals(file("", HOOK), null)).hasSize(1);
    }

    @Test
    void theFileOnDiskAloneCanAllowChanges() {
        String allowing = file("web_ui:\n  allow_hook_changes: true\n", "");
        assertThat(refusals(file("", "    event_hook:\n      command: /usr/bin/touch\n"), allowing))
                .isEmpty();
        // a submission that allows itself is still refused
        String selfAllowing = file("web_ui:\n  allow_hook_changes: true\n", HOOK);
        assertThat(refusals(selfAllowing, file("", ""))).hasSize(1);
    }
}
