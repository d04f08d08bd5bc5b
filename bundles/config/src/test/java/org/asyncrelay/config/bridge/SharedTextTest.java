package org.asyncrelay.config.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.asyncrelay.config.yaml.ConfigParser;
import org.junit.jupiter.api.Test;

class SharedTextTest {

    private static final String NODE_A = """
            # node a
            web_ui:
              enabled: true
              listen_address: 198.18.0.1
              port: 8088
              auth: {enabled: true, username: admin, password: pw}
            services:
              - name: dns
                listen: {port: 5353}
                backends: ["10.0.0.1:53", "10.0.0.2:53"]
            cluster:
              name: edge
              listen: {address: 198.18.0.1, port: 5701}
              secret: k
            """;

    private static final String NODE_B = """
            web_ui: {enabled: false, listen_address: 198.18.0.2, port: 9090}
            services:
              - name: old
                listen: {port: 1}
                backends: ["10.0.0.9:1"]
            cluster:
              name: edge
              listen: {address: 198.18.0.2, port: 5701}
              secret: k
            """;

    @Test
    void theSharedPartLeavesOutTheClusterBlockAndWhereTheWebUiListens() {
        String shared = SharedText.of(NODE_A).orElseThrow();

        assertThat(shared)
                .contains("name: dns", "password: pw", "enabled: true")
                .doesNotContain("cluster", "198.18.0.1", "8088", "# node a");
    }

    @Test
    void aNodeTakesTheSharedPartAndKeepsItsOwnClusterBlockAndWebUiAddress() {
        String shared = SharedText.of(NODE_A).orElseThrow();

        String b = SharedText.withLocal(shared, NODE_B).orElseThrow();

        assertThat(b).contains("name: dns", "198.18.0.2", "9090").doesNotContain("old", "198.18.0.1", "8088");
        assertThat(ConfigParser.parse(b, "b.yaml").errors()).isEmpty();
        // the same configuration gives the same shared text, and hash, on every node
        assertThat(SharedText.of(b)).contains(shared);
    }

    @Test
    void textThatIsNotAMappingHasNoSharedPart() {
        assertThat(SharedText.of("- a\n- b\n")).isEmpty();
        assertThat(SharedText.of("key: [unclosed")).isEmpty();
        assertThat(SharedText.withLocal("[1]", NODE_B)).isEmpty();
    }
}
