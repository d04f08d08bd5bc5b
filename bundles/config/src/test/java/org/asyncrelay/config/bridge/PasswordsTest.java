package org.asyncrelay.config.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PasswordsTest {

    private static final String YAML = """
            web_ui:
              enabled: true
              auth:
                enabled: true
                username: admin
                password: "s3cr\\"et 𝄞"   # the real one
            services:
              - name: dns
                listen: {port: 5353}
                backends: ["127.0.0.1:53"]
            """;

    @Test
    void maskReplacesThePasswordAndKeepsEveryLineWhereItWas() {
        String masked = Passwords.mask(YAML);

        assertThat(masked).doesNotContain("s3cr").contains("password: \"********\"   # the real one");
        assertThat(masked.lines().count()).isEqualTo(YAML.lines().count());
        assertThat(masked.lines().toList().get(8))
                .isEqualTo(YAML.lines().toList().get(8));
    }

    @Test
    void aMaskSentBackBecomesThePasswordInForce() {
        String back = Passwords.unmask(Passwords.mask(YAML), "s3cr\"et 𝄞");

        assertThat(document(back))
                .extractingByKey("web_ui")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .extractingByKey("auth")
                .isEqualTo(Map.of("enabled", true, "username", "admin", "password", "s3cr\"et 𝄞"));
    }

    @Test
    void aNewPasswordIsKept() {
        String changed = YAML.replace("\"s3cr\\\"et 𝄞\"", "newpass");

        assertThat(Passwords.unmask(changed, "old")).isEqualTo(changed);
    }

    @Test
    void aFileThatIsNotYamlStillHasItsPasswordLinesMasked() {
        String broken = "web_ui:\n  auth:\n    password: hunter2\n  [unclosed\n";

        assertThat(Passwords.mask(broken)).doesNotContain("hunter2").contains("password: \"********\"");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> document(String yaml) {
        return (Map<String, Object>) new org.yaml.snakeyaml.Yaml().load(yaml);
    }

    @Test
    void theClusterSecretIsMaskedBesideThePasswordAndAMaskSentBackKeepsIt() {
        String yaml = YAML + """
                cluster:
                  listen: {address: 10.0.0.5}
                  secret: "k3y-of-the-cluster"
                """;

        String masked = Passwords.mask(yaml);

        assertThat(masked).doesNotContain("s3cr").doesNotContain("k3y-of").contains("secret: \"********\"");
        assertThat(masked.lines().count()).isEqualTo(yaml.lines().count());
        assertThat(Passwords.unmaskSecret(masked, "k3y-of-the-cluster")).contains("secret: \"k3y-of-the-cluster\"");
        assertThat(Passwords.mask("cluster:\n  secret: [unclosed\n")).doesNotContain("unclosed");
    }
}
