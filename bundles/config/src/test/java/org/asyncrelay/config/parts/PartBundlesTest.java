package org.asyncrelay.config.parts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.asyncrelay.config.parts.OptionalParts.Part;
import org.junit.jupiter.api.Test;

class PartBundlesTest {

    private final Path system = Path.of("/opt/relay/system");

    @Test
    void linesOfStartupPropertiesBecomeAbsoluteLocationsOfTheirPartInOrder() {
        List<PartBundles.Entry> entries = PartBundles.read(
                List.of(
                        "# Bundles of the parts installed on demand",
                        "reference\\:file\\:org/apache/sshd/sshd-osgi/2.17.1/sshd-osgi-2.17.1.jar = 111",
                        "",
                        "reference\\:file\\:com/hazelcast/hazelcast/5.7.0/hazelcast-5.7.0.jar = 117"),
                system);
        assertThat(entries)
                .containsExactly(
                        new PartBundles.Entry(
                                "reference:file:/opt/relay/system/org/apache/sshd/sshd-osgi/2.17.1/sshd-osgi-2.17.1.jar",
                                Part.SSH),
                        new PartBundles.Entry(
                                "reference:file:/opt/relay/system/com/hazelcast/hazelcast/5.7.0/hazelcast-5.7.0.jar",
                                Part.CLUSTER));
    }

    @Test
    void aLineOfNoPartIsRefusedWithTheLine() {
        assertThatThrownBy(() -> PartBundles.read(List.of("reference\\:file\\:a/b.jar = 30"), system))
                .hasMessageContaining("a/b.jar = 30");
        assertThatThrownBy(() -> PartBundles.read(List.of("just text"), system))
                .hasMessageContaining("expected LOCATION = LEVEL");
    }
}
