package org.asyncrelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YamlDocumentsTest {

    static final String YAML = """
            web_ui:
              enabled: true
              auth:
                enabled: true
                username: admin
                password: "********"   # masked by the config bundle
            services:
              - name: dns
                listen: {address: "::", port: 53}
                backends: ["8.8.8.8:53"]
            """;

    @Test
    void aTreeIsWrittenAsYamlThatReadsBackTheSame() {
        String yaml = YamlDocuments.yaml(YamlDocuments.tree(YAML));

        assertThat(YamlDocuments.tree(yaml)).isEqualTo(YamlDocuments.tree(YAML));
        assertThat(yaml).contains("services:\n  - name: dns");
        assertThat(YamlDocuments.tree(YAML).toString()).contains("********");
    }

    @Test
    void textThatIsNotAMappingIsAnEmptyTree() {
        assertThat(YamlDocuments.tree("- a\n- b\n")).isEmpty();
        assertThat(YamlDocuments.tree("key: [unclosed\n")).isEmpty();
    }
}
