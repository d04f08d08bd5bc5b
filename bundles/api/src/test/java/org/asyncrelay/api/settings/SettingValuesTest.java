package org.asyncrelay.api.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.asyncrelay.api.BackendAddress;
import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

class SettingValuesTest {

    @Test
    void propertiesAreTheYamlKeysWithDotsAndEveryDefaultIsFilledIn() {
        assertThat(ServiceSettings.HEALTH_CHECK_INTERVAL.property()).isEqualTo("health.check.interval");
        assertThat(ServiceSettings.UDP_MAX_SESSIONS.property()).isEqualTo("udp.max.sessions");
        assertThat(WebUiSettings.LISTEN_ADDRESS.property()).isEqualTo("listen.address");

        SettingValues s = ServiceSettings.of(Map.of("listen.port", 80, "backends", new String[] {"a:1"}));
        assertThat(s.problems()).isEmpty();
        assertThat(s.get(ServiceSettings.BACKEND_COOLDOWN)).isEqualTo(1800);
        assertThat(s.duration(ServiceSettings.CONNECT_TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.get(ServiceSettings.PROTOCOL)).isEqualTo("both");
        assertThat(s.get(ServiceSettings.EVENT_HOOK_EVENTS))
                .containsExactly("backend_failed", "all_backends_unavailable", "backend_recovered");
    }

    @Test
    void aCfgDropInGivesTextWhichIsReadAsItsType() {
        SettingValues s = ServiceSettings.of(Map.of(
                "listen.port", "8080",
                "failback", "TRUE",
                "protocol", " UDP ",
                "backends", "a.example:80, [2001:db8::1]:81",
                "event.hook.events", "backend_failed,backend_recovered"));
        assertThat(s.problems()).isEmpty();
        assertThat(s.get(ServiceSettings.LISTEN_PORT)).isEqualTo(8080);
        assertThat(s.get(ServiceSettings.FAILBACK)).isTrue();
        assertThat(s.get(ServiceSettings.PROTOCOL)).isEqualTo("udp");
        assertThat(s.get(ServiceSettings.BACKENDS))
                .containsExactly(new BackendAddress("a.example", 80), new BackendAddress("2001:db8::1", 81));
        assertThat(s.get(ServiceSettings.EVENT_HOOK_EVENTS)).containsExactly("backend_failed", "backend_recovered");
    }

    @Test
    void aCfgDropInGivesNetworksWithCommasAndProbePayloadsAsText() {
        SettingValues s = ServiceSettings.of(Map.of(
                "listen.port", "8080",
                "backends", "a.example:80",
                "allow", "10.0.0.0/8, 2001:db8::/32",
                "deny", new String[] {"10.1.0.0/16", "example.com"},
                "health.check.udp.send", "hex:00ff",
                "health.check.udp.expect", "hex:0",
                "proxy.protocol", "V2"));
        assertThat(s.get(ServiceSettings.ALLOW)).containsExactly("10.0.0.0/8", "2001:db8::/32");
        assertThat(s.get(ServiceSettings.DENY)).containsExactly("10.1.0.0/16");
        assertThat(s.get(ServiceSettings.HEALTH_CHECK_UDP_SEND)).isEqualTo("hex:00ff");
        assertThat(s.get(ServiceSettings.HEALTH_CHECK_UDP_EXPECT)).isEmpty();
        assertThat(s.get(ServiceSettings.PROXY_PROTOCOL)).isEqualTo("v2");
        assertThat(s.problems())
                .containsExactlyInAnyOrder(
                        "deny: expected an IPv4 or IPv6 network such as 192.0.2.0/24 or 2001:db8::/32, got"
                                + " \"example.com\"; left out",
                        "health.check.udp.expect: expected \"hex:\" followed by an even number of hex digits, or"
                                + " \"text:\" followed by text, got \"hex:0\"; using \"\"");
    }

    @Test
    void whatDoesNotFitIsReportedAndReplaced() {
        SettingValues s = ServiceSettings.of(Map.of(
                "connect.timeout",
                0,
                "listen.backlog",
                "lots",
                "protocol",
                "sctp",
                "backends",
                new String[] {"ok:1", "nope"},
                "event.hook.events",
                new String[] {"backend_recoverd"}));
        assertThat(s.get(ServiceSettings.CONNECT_TIMEOUT)).isEqualTo(1);
        assertThat(s.get(ServiceSettings.LISTEN_BACKLOG)).isEqualTo(4096);
        assertThat(s.get(ServiceSettings.PROTOCOL)).isEqualTo("both");
        assertThat(s.get(ServiceSettings.BACKENDS)).containsExactly(new BackendAddress("ok", 1));
        assertThat(s.get(ServiceSettings.EVENT_HOOK_EVENTS)).isEmpty();
        assertThat(s.problems())
                .containsExactlyInAnyOrder(
                        "listen.port: missing, expected an integer 1-65535",
                        "connect.timeout: expected a number of seconds, 1 to 3600, got 0; using 1",
                        "listen.backlog: expected an integer 1-65535, got \"lots\"; using 4096",
                        "protocol: expected one of tcp, udp, both, got \"sctp\"; using both",
                        "backends: backend \"nope\" ignored: expected host:port, got \"nope\" (no port)",
                        "event.hook.events: expected one of backend_failed, all_backends_unavailable,"
                                + " backend_recovered, got \"backend_recoverd\" (did you mean \"backend_recovered\"?);"
                                + " left out");
    }

    @Test
    void propertiesRoundTripAndLeaveFileOnlySettingsOut() {
        SettingValues web = SettingValues.builder(WebUiSettings.ALL)
                .set(WebUiSettings.ENABLED, true)
                .set(WebUiSettings.AUTH_PASSWORD, "s3cret")
                .set(WebUiSettings.ALLOW_HOOK_CHANGES, true)
                .build();
        Map<String, Object> p = web.toProperties();
        assertThat(p)
                .containsEntry("enabled", true)
                .containsEntry("port", 8088)
                .doesNotContainKey("allow.hook.changes");
        assertThat(WebUiSettings.of(p)).isEqualTo(web.with(WebUiSettings.ALLOW_HOOK_CHANGES, false));
        assertThat(web.toString()).doesNotContain("s3cret");

        SettingValues s = ServiceSettings.of(Map.of("listen.port", 1, "backends", "a:1,b:2"));
        assertThat((String[]) s.toProperties().get("backends")).containsExactly("a:1", "b:2");
        assertThat(ServiceSettings.of(s.toProperties())).isEqualTo(s);
    }

    @Test
    void theFormShowsEverySettingWithItsTypeDefaultOptionsAndRange() {
        ObjectClassDefinition form = new SettingsMetaType(
                "org.asyncrelay.service",
                "service",
                "",
                ServiceSettings.ALL,
                ServiceSettings.NAME_HINT) {}.getObjectClassDefinition("org.asyncrelay.service", null);
        AttributeDefinition[] all = form.getAttributeDefinitions(ObjectClassDefinition.ALL);
        List<String> ids = new ArrayList<>();
        for (AttributeDefinition a : all) {
            ids.add(a.getID());
        }
        assertThat(ids)
                .startsWith("name", "protocol", "listen.address", "listen.port")
                .contains("health.check.timeout", "event.hook.events", "udp.max.sessions")
                .endsWith("webconsole.configurationFactory.nameHint")
                .hasSize(ServiceSettings.ALL.size() + 1);
        AttributeDefinition protocol = all[1];
        assertThat(protocol.getOptionValues()).containsExactly("tcp", "udp", "both");
        assertThat(protocol.getDefaultValue()).containsExactly("both");
        AttributeDefinition port = all[3];
        assertThat(port.getType()).isEqualTo(AttributeDefinition.INTEGER);
        assertThat(port.validate("70000")).contains("expected an integer 1-65535");
        assertThat(port.validate("443")).isEmpty();
        AttributeDefinition backends = all[ids.indexOf("backends")];
        assertThat(backends.getCardinality()).isEqualTo(Integer.MAX_VALUE);

        ObjectClassDefinition web = new SettingsMetaType(
                "org.asyncrelay.webui", "web", "", WebUiSettings.ALL, null) {}.getObjectClassDefinition(
                "org.asyncrelay.webui", null);
        List<String> webIds = new ArrayList<>();
        for (AttributeDefinition a : web.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            webIds.add(a.getID());
            if (a.getID().equals("auth.password")) {
                assertThat(a.getType()).isEqualTo(AttributeDefinition.PASSWORD);
            }
        }
        assertThat(webIds).contains("auth.password").doesNotContain("allow.hook.changes");
    }
}
