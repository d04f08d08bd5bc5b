package org.asyncrelay.config.parts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.asyncrelay.config.parts.OptionalParts.Part;
import org.junit.jupiter.api.Test;

/** Which parts bin/relay's settings start; that they start is DaemonIT's (a real distribution). */
class OptionalPartsTest {

    /** As bin/relay runs Karaf: every switch set, off unless given. */
    static java.util.Set<Part> wanted(Map<String, String> properties, boolean webUi) {
        Map<String, String> all = new java.util.HashMap<>(Map.of(
                "asyncrelay.http.enabled", "false",
                "asyncrelay.ssh.enabled", "false",
                "asyncrelay.jmx.enabled", "false",
                "asyncrelay.features.enabled", "false"));
        all.putAll(properties);
        return OptionalParts.wanted(all::get, webUi);
    }

    @Test
    void nothingInAKarafNotStartedByBinRelay() {
        assertThat(OptionalParts.wanted(Map.<String, String>of()::get, true)).isEmpty();
    }

    @Test
    void nothingWhenNothingIsAskedFor() {
        assertThat(wanted(Map.of(), false)).isEmpty();
        assertThat(wanted(Map.of("asyncrelay.ssh.enabled", "false"), false)).isEmpty();
    }

    @Test
    void eachSettingStartsItsPart() {
        assertThat(wanted(Map.of("asyncrelay.ssh.enabled", "true"), false))
                .containsExactlyInAnyOrder(Part.SSH, Part.KARAF_SHELL);
        assertThat(wanted(Map.of("asyncrelay.jmx.enabled", "true"), false))
                .containsExactlyInAnyOrder(Part.JMX, Part.KARAF_SHELL);
        assertThat(wanted(Map.of("asyncrelay.features.enabled", "true"), false))
                .containsExactlyInAnyOrder(Part.FEATURES, Part.KARAF_SHELL);
    }

    @Test
    void theWebUiNeedsHttpOnlyAndTheConsoleNeedsHttpToo() {
        assertThat(wanted(Map.of(), true)).containsExactly(Part.HTTP);
        assertThat(wanted(Map.of("asyncrelay.http.enabled", "true"), false))
                .containsExactlyInAnyOrder(Part.HTTP, Part.WEB_CONSOLE, Part.KARAF_SHELL);
    }

    @Test
    void theConsolesFeaturesPageOnlyWithBoth() {
        assertThat(wanted(Map.of("asyncrelay.http.enabled", "true", "asyncrelay.features.enabled", "true"), false))
                .containsExactlyInAnyOrder(
                        Part.HTTP, Part.WEB_CONSOLE, Part.FEATURES, Part.WEB_CONSOLE_FEATURES, Part.KARAF_SHELL);
    }

    @Test
    void everyPartHasALevelOfItsOwnAboveTheFrameworks() {
        for (Part p : Part.values()) {
            assertThat(p.level).isGreaterThan(100);
            assertThat(Part.atLevel(p.level)).isEqualTo(p);
        }
        assertThat(Part.atLevel(30)).isNull();
    }
}
