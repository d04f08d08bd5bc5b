package org.asyncrelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsUserAndPasswordSplittingAtTheFirstColon() {
        assertThat(Credentials.fromHeader(basic("admin:pa:ss wörd"))).contains(new Credentials("admin", "pa:ss wörd"));
        assertThat(Credentials.fromHeader("basic " + basic("a:b").substring(6))).contains(new Credentials("a", "b"));
    }

    @Test
    void anythingElseIsNoCredentials() {
        assertThat(Credentials.fromHeader(null)).isEmpty();
        assertThat(Credentials.fromHeader("")).isEmpty();
        assertThat(Credentials.fromHeader("Bearer abc")).isEmpty();
        assertThat(Credentials.fromHeader("Basic !!!not base64")).isEmpty();
        assertThat(Credentials.fromHeader(basic("no colon"))).isEmpty();
    }

    @Test
    void matchesOnlyTheExactUserAndPassword() {
        Credentials c = new Credentials("admin", "secret");
        assertThat(c.matches("admin", "secret")).isTrue();
        assertThat(c.matches("admin", "secret ")).isFalse();
        assertThat(c.matches("Admin", "secret")).isFalse();
        assertThat(c.matches("admin", "")).isFalse();
        assertThat(new Credentials("", "").matches("admin", "secret")).isFalse();
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(new Credentials("admin", "hunter2").toString())
                .contains("admin")
                .doesNotContain("hunter2");
    }
}
