package org.asyncrelay.config.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.asyncrelay.api.settings.ServiceSettings.*;
import static org.asyncrelay.api.settings.WebUiSettings.AUTH_PASSWORD;
import static org.asyncrelay.api.settings.WebUiSettings.ENABLED;
import static org.asyncrelay.api.settings.WebUiSettings.PORT;

import java.nio.file.Files;
import java.nio.file.Path;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.ConfigProblem;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.api.RelayEvents;
import org.asyncrelay.api.settings.AccessLogSettings;
import org.asyncrelay.api.settings.ServiceSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.asyncrelay.api.settings.WebUiSettings;
import org.asyncrelay.config.model.RelayConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {

    static final java.util.List<String> EVENTS = java.util.List.of(
            RelayEvents.BACKEND_FAILED, RelayEvents.ALL_BACKENDS_UNAVAILABLE, RelayEvents.BACKEND_RECOVERED);

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
        assertThat(c.webUi().get(ENABLED)).isTrue();
        assertThat(c.webUi().get(AUTH_PASSWORD)).isEqualTo("changeme");
        assertThat(c.webUi().toString()).doesNotContain("changeme");
        assertThat(c.serviceNames()).containsExactly("web-proxy", "dns-forward");
        SettingValues web = c.services().get(0);
        assertThat(web.get(PROTOCOL)).isEqualTo(Protocol.BOTH.configValue());
        assertThat(web.get(LISTEN_ADDRESS)).isEqualTo("::");
        assertThat(web.get(LISTEN_PORT)).isEqualTo(8080);
        assertThat(web.get(BACKENDS))
                .containsExactly(
                        new BackendAddress("example.com", 80),
                        new BackendAddress("192.168.1.10", 80),
                        new BackendAddress("2001:db8::1", 80),
                        new BackendAddress("backup.example.com", 80));
        assertThat(web.get(HEALTH_CHECK_ENABLED)).isTrue();
        assertThat(web.get(EVENT_HOOK_COMMAND)).isEqualTo("/usr/local/bin/alert-handler");
        assertThat(web.get(EVENT_HOOK_EVENTS)).containsExactlyElementsOf(EVENTS);
        SettingValues dns = c.services().get(1);
        assertThat(dns.get(PROTOCOL)).isEqualTo(Protocol.UDP.configValue());
        assertThat(dns.get(BACKEND_COOLDOWN)).isEqualTo(300);
    }

    @Test
    void readsTheAccessLogBlockIntoItsConfiguration() {
        ParseResult result = ConfigParser.parse("""
                access_log: {enabled: false, format: json}
                services:
                  - name: minimal
                    listen: {port: 9000}
                    backends: ["127.0.0.1:9001"]
                """, "config.yaml");

        SettingValues log = result.configuration().orElseThrow().accessLog();
        assertThat(log.get(AccessLogSettings.ENABLED)).isFalse();
        assertThat(log.get(AccessLogSettings.FORMAT)).isEqualTo("json");
        assertThat(log.toProperties()).containsEntry("enabled", false).containsEntry("format", "json");
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
        assertThat(c.webUi().get(ENABLED)).isFalse();
        assertThat(c.webUi().get(WebUiSettings.LISTEN_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(c.webUi().get(PORT)).isEqualTo(8088);
        assertThat(c.accessLog().get(AccessLogSettings.ENABLED)).isTrue();
        assertThat(c.accessLog().get(AccessLogSettings.FORMAT)).isEqualTo("text");
        SettingValues s = c.services().get(0);
        assertThat(s.get(PROTOCOL)).isEqualTo(Protocol.BOTH.configValue());
        assertThat(s.get(LISTEN_ADDRESS)).isEqualTo("0.0.0.0");
        assertThat(s.get(BACKEND_COOLDOWN)).isEqualTo(1800);
        assertThat(s.get(HEALTH_CHECK_ENABLED)).isFalse();
        assertThat(s.get(HEALTH_CHECK_INTERVAL)).isEqualTo(60);
        assertThat(s.get(HEALTH_CHECK_TIMEOUT)).isEqualTo(5);
        assertThat(s.get(EVENT_HOOK_COMMAND)).isEmpty();
        assertThat(s.get(CONNECT_TIMEOUT)).isEqualTo(5);
        assertThat(s.get(IDLE_TIMEOUT)).isEqualTo(60);
        assertThat(s.get(LISTEN_BACKLOG)).isEqualTo(4096);
        assertThat(s.get(UDP_IDLE_TIMEOUT)).isEqualTo(60);
        assertThat(s.get(UDP_MAX_SESSIONS)).isEqualTo(10_000);
        assertThat(s.get(MAX_CONNECTIONS)).isZero();
        assertThat(s.get(FAILBACK)).isFalse();
        assertThat(s.get(SPLICE)).isTrue();
    }

    @Test
    void readsSplice() {
        ParseResult result = ConfigParser.parse("""
                services:
                  - name: bulk
                    listen: {port: 9000}
                    backends: ["127.0.0.1:9001"]
                    splice: false
                    max_connections: 500
                """, "config.yaml");

        assertThat(result.configuration().orElseThrow().services().get(0).get(SPLICE))
                .isFalse();
        assertThat(result.configuration().orElseThrow().services().get(0).get(MAX_CONNECTIONS))
                .isEqualTo(500);
        assertThat(result.configuration().orElseThrow().services().get(0).toProperties())
                .containsEntry("max.connections", 500);
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

        SettingValues hook = result.configuration().orElseThrow().services().get(0);
        assertThat(hook.get(EVENT_HOOK_EVENTS)).containsExactlyElementsOf(EVENTS);
        assertThat(hook.get(EVENT_HOOK_TIMEOUT)).isEqualTo(30);
        assertThat(hook.get(EVENT_HOOK_ARGS)).containsExactly("a b", "$(touch x)");
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
    void readsTheTrafficControlKeysOfTheIssueAsWritten() {
        ParseResult result = ConfigParser.parse("""
                services:
                  - name: dns
                    protocol: both
                    listen: {port: 5353}
                    backends: ["127.0.0.1:53"]
                    proxy_protocol: v2
                    accept_proxy_protocol: true
                    proxy_protocol_from: ["10.0.0.0/8"]
                    allow: ["192.0.2.0/24", "2001:db8::/32"]
                    deny: ["192.0.2.66/32"]
                    max_connections: 10000
                    max_connections_per_client: 100
                    max_new_connections_per_client: 50
                    failback: true
                    slow_start: 30
                    health_check:
                      enabled: true
                      udp_send: "hex:0001010000010000000000000762656e636804746573740000010001"
                      udp_expect: "hex:0001"
                """, "config.yaml");

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        SettingValues s = result.configuration().orElseThrow().services().get(0);
        assertThat(s.get(ServiceSettings.PROXY_PROTOCOL)).isEqualTo("v2");
        assertThat(s.get(ServiceSettings.ACCEPT_PROXY_PROTOCOL)).isTrue();
        assertThat(s.get(ServiceSettings.PROXY_PROTOCOL_FROM)).containsExactly("10.0.0.0/8");
        assertThat(s.get(ServiceSettings.ALLOW)).containsExactly("192.0.2.0/24", "2001:db8::/32");
        assertThat(s.get(ServiceSettings.DENY)).containsExactly("192.0.2.66/32");
        assertThat(s.get(ServiceSettings.MAX_CONNECTIONS_PER_CLIENT)).isEqualTo(100);
        assertThat(s.get(ServiceSettings.MAX_NEW_CONNECTIONS_PER_CLIENT)).isEqualTo(50);
        assertThat(s.get(ServiceSettings.SLOW_START)).isEqualTo(30);
        assertThat(s.get(ServiceSettings.HEALTH_CHECK_UDP_EXPECT)).isEqualTo("hex:0001");
        // and the same values through ConfigAdmin's properties, as a .cfg drop-in gives them
        assertThat(ServiceSettings.of(s.toProperties())).isEqualTo(s);
    }

    @Test
    void whatIsNotARegularFileOrTooLargeIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        assertThat(ConfigParser.parse(Path.of("/dev/zero")).errors())
                .map(ConfigProblem::toString)
                .containsExactly("/dev/zero not a regular file");
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[ConfigParser.MAX_FILE_BYTES + 1]);
        assertThat(ConfigParser.parse(big).errors())
                .singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("file has more than the 4194304 bytes allowed"));
    }

    @Test
    void theExampleFilesOfTheRepositoryAreValidWithoutWarnings() throws Exception {
        for (String name : java.util.List.of("example.yaml", "traffic-control.yaml")) {
            Path file = Path.of("../../config", name);
            ParseResult result = ConfigParser.parse(Files.readString(file), name);
            assertThat(result.errors()).as(name).isEmpty();
            assertThat(result.warnings()).as(name).isEmpty();
        }
    }

    @Test
    void trafficControlKeysThatDoNothingWhereTheyAreWrittenAreWarnings() {
        ParseResult result = ConfigParser.parse("""
                services:
                  - name: web
                    protocol: tcp
                    listen: {port: 9000}
                    backends: ["127.0.0.1:9001"]
                    slow_start: 30
                    health_check: {udp_send: "text:ping"}
                  - name: both
                    listen: {port: 9002}
                    backends: ["127.0.0.1:9001"]
                    proxy_protocol: v1
                """, "config.yaml");

        assertThat(result.valid()).isTrue();
        assertThat(result.warnings())
                .map(ConfigProblem::toString)
                .containsExactly(
                        "config.yaml:7:30 services[0].health_check.udp_send: ignored: the service relays TCP only",
                        "config.yaml:6:17 services[0].slow_start: has no effect without failback: true (a recovered"
                                + " backend stays at the end of the queue)",
                        "config.yaml:11:21 services[1].proxy_protocol: v1 exists for TCP only: datagrams go to the"
                                + " backends without a header (v2 has both)");
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
