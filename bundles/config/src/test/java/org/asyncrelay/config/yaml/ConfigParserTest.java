package org.asyncrelay.config.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.ConfigProblem;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.config.model.EventHookSettings;
import org.asyncrelay.config.model.RelayConfiguration;
import org.asyncrelay.config.model.ServiceDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {

    static final String SEED_EXAMPLE = """
            web_ui:
              enabled: true
              listen_address: "127.0.0.1"
              port: 8088
              auth:
                enabled: false
                username: "admin"
                password: "changeme"

            services:
              - name: "web-proxy"
                protocol: "both"
                listen:
                  address: "::"
                  port: 8080
                backends:
                  - "example.com:80"
                  - "192.168.1.10:80"
                  - "[2001:db8::1]:80"
                  - "backup.example.com:80"
                backend_cooldown: 1800
                health_check:
                  enabled: true
                  interval: 60
                  timeout: 5
                event_hook:
                  command: "/usr/local/bin/alert-handler"
                  args: []
                  events:
                    - backend_failed
                    - all_backends_unavailable
                    - backend_recovered
                  timeout: 30

              - name: "dns-forward"
                protocol: "udp"
                listen:
                  address: "0.0.0.0"
                  port: 53
                backends:
                  - "dns.google:53"
                  - "8.8.8.8:53"
                backend_cooldown: 300
            """;

    @Test
    void readsTheSeedExample() {
        ParseResult result = ConfigParser.parse(SEED_EXAMPLE, "config.yaml");

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings())
                .map(ConfigProblem::toString)
                .containsExactly("config.yaml:27:16 services[0].event_hook.command: hook command"
                        + " \"/usr/local/bin/alert-handler\" does not exist");
        RelayConfiguration c = result.configuration().orElseThrow();
        assertThat(c.webUi().enabled()).isTrue();
        assertThat(c.webUi().auth().password()).isEqualTo("changeme");
        assertThat(c.webUi().auth().toString()).doesNotContain("changeme");
        assertThat(c.services()).extracting(ServiceDefinition::name).containsExactly("web-proxy", "dns-forward");
        ServiceDefinition web = c.services().get(0);
        assertThat(web.protocol()).isEqualTo(Protocol.BOTH);
        assertThat(web.listenAddress()).isEqualTo("::");
        assertThat(web.listenPort()).isEqualTo(8080);
        assertThat(web.backends())
                .containsExactly(
                        new BackendAddress("example.com", 80),
                        new BackendAddress("192.168.1.10", 80),
                        new BackendAddress("2001:db8::1", 80),
                        new BackendAddress("backup.example.com", 80));
        assertThat(web.healthCheck().enabled()).isTrue();
        assertThat(web.eventHook().command()).isEqualTo("/usr/local/bin/alert-handler");
        assertThat(web.eventHook().events()).containsExactlyElementsOf(EventHookSettings.EVENTS);
        ServiceDefinition dns = c.services().get(1);
        assertThat(dns.protocol()).isEqualTo(Protocol.UDP);
        assertThat(dns.backendCooldown()).isEqualTo(300);
    }

    @Test
    void appliesTheSeedDefaults() {
        ParseResult result = ConfigParser.parse("""
                services:
                  - name: minimal
                    listen:
                      port: 9000
                    backends: ["127.0.0.1:9001"]
                """, "config.yaml");

        RelayConfiguration c = result.configuration().orElseThrow();
        assertThat(c.webUi().enabled()).isFalse();
        assertThat(c.webUi().listenAddress()).isEqualTo("127.0.0.1");
        assertThat(c.webUi().port()).isEqualTo(8088);
        ServiceDefinition s = c.services().get(0);
        assertThat(s.protocol()).isEqualTo(Protocol.BOTH);
        assertThat(s.listenAddress()).isEqualTo("0.0.0.0");
        assertThat(s.backendCooldown()).isEqualTo(1800);
        assertThat(s.healthCheck().enabled()).isFalse();
        assertThat(s.healthCheck().interval()).isEqualTo(60);
        assertThat(s.healthCheck().timeout()).isEqualTo(5);
        assertThat(s.eventHook().configured()).isFalse();
        assertThat(s.connectTimeout()).isEqualTo(5);
        assertThat(s.idleTimeout()).isEqualTo(60);
        assertThat(s.listenBacklog()).isEqualTo(4096);
        assertThat(s.udpIdleTimeout()).isEqualTo(60);
        assertThat(s.udpMaxSessions()).isEqualTo(10_000);
        assertThat(s.failback()).isFalse();
        assertThat(s.splice()).isFalse();
    }

    @Test
    void readsSplice() {
        ParseResult result = ConfigParser.parse("""
                services:
                  - name: bulk
                    listen: {port: 9000}
                    backends: ["127.0.0.1:9001"]
                    splice: true
                """, "config.yaml");

        assertThat(result.configuration().orElseThrow().services().get(0).splice())
                .isTrue();
    }

    @Test
    void hookDefaultsToEveryEventAndThirtySeconds() {
        ParseResult result = ConfigParser.parse("""
                services:
                  - name: s
                    listen: {port: 9000}
                    backends: ["127.0.0.1:9001"]
                    event_hook:
                      command: /bin/echo
                      args: ["a b", "$(touch x)"]
                """, "config.yaml");

        EventHookSettings hook =
                result.configuration().orElseThrow().services().get(0).eventHook();
        assertThat(hook.events()).containsExactlyElementsOf(EventHookSettings.EVENTS);
        assertThat(hook.timeout()).isEqualTo(30);
        assertThat(hook.args()).containsExactly("a b", "$(touch x)");
    }

    @Test
    void warnsAboutUnknownKeysWithTheClosestKnownOne() {
        ParseResult result = ConfigParser.parse("""
                services:
                  - name: s
                    listen: {port: 9000}
                    backends: ["127.0.0.1:9001"]
                    backend_cooldwn: 10
                """, "config.yaml");

        assertThat(result.valid()).isTrue();
        assertThat(result.warnings())
                .map(ConfigProblem::toString)
                .containsExactly(
                        "config.yaml:5:5 services[0].backend_cooldwn: unknown key \"backend_cooldwn\" ignored; did you"
                                + " mean \"backend_cooldown\"?");
    }

    @Test
    void aHookCommandThatCannotRunIsAWarning() {
        ParseResult result = ConfigParser.parse("""
                services:
                  - name: s
                    listen: {port: 9000}
                    backends: ["127.0.0.1:9001"]
                    event_hook:
                      command: /nonexistent/alert
                  - name: t
                    listen: {port: 9002}
                    backends: ["127.0.0.1:9001"]
                    event_hook: {command: no-such-program-here}
                  - name: u
                    listen: {port: 9003}
                    backends: ["127.0.0.1:9001"]
                    event_hook: {command: sh}
                """, "config.yaml");

        assertThat(result.valid()).isTrue();
        assertThat(result.warnings())
                .map(ConfigProblem::toString)
                .containsExactly(
                        "config.yaml:6:16 services[0].event_hook.command: hook command \"/nonexistent/alert\" does not exist",
                        "config.yaml:10:27 services[1].event_hook.command: hook command \"no-such-program-here\" is not"
                                + " found on the PATH");
    }

    @Test
    void tcpAndUdpServicesMayShareAPort() {
        ParseResult result = ConfigParser.parse("""
                services:
                  - {name: t, protocol: tcp, listen: {port: 9000}, backends: ["127.0.0.1:1"]}
                  - {name: u, protocol: udp, listen: {port: 9000}, backends: ["127.0.0.1:1"]}
                """, "config.yaml");

        assertThat(result.errors()).isEmpty();
    }

    @Test
    void readsFilesAndNamesAMissingOne(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.yaml");
        assertThat(ConfigParser.parse(missing).errors())
                .map(ConfigProblem::toString)
                .containsExactly(missing + " file not found");

        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, "services: []\n");
        assertThat(ConfigParser.parse(file).valid()).isTrue();
    }
}
