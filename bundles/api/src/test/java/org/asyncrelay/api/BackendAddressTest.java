package org.asyncrelay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackendAddressTest {

    @ParameterizedTest
    @CsvSource({
        "example.com:80, example.com, 80",
        "192.168.1.10:8080, 192.168.1.10, 8080",
        "'[2001:db8::1]:443', 2001:db8::1, 443",
        "'[::1]:1', ::1, 1",
        "'[::ffff:192.0.2.1]:53', ::ffff:192.0.2.1, 53",
        "backup-1.example.com.:65535, backup-1.example.com., 65535",
        "localhost:22, localhost, 22"
    })
    void parsesHostAndPort(String text, String host, int port) {
        BackendAddress a = BackendAddress.parse(text);
        assertThat(a.host()).isEqualTo(host);
        assertThat(a.port()).isEqualTo(port);
    }

    @Test
    void splitsCommaSeparatedEntriesOfCfgFiles() {
        assertThat(BackendAddress.entries(new String[] {"a:1, [::1]:2 ,", "b:3"}))
                .containsExactly("a:1", "[::1]:2", "b:3");
        assertThat(BackendAddress.entries(null)).isEmpty();
    }

    @Test
    void printsIpv6InBrackets() {
        assertThat(BackendAddress.parse("[2001:db8::1]:80").toString()).isEqualTo("[2001:db8::1]:80");
        assertThat(BackendAddress.parse("a.b:80").toString()).isEqualTo("a.b:80");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "example.com",
                "example.com:",
                ":80",
                "example.com:0",
                "example.com:65536",
                "example.com:http",
                "2001:db8::1:80",
                "[2001:db8::1]80",
                "[nothex::1]:80",
                "999.1.1.1:80",
                "bad host:80",
                ""
            })
    void rejectsMalformed(String text) {
        assertThatThrownBy(() -> BackendAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void explainsAMissingPort() {
        assertThatThrownBy(() -> BackendAddress.parse("example.com"))
                .hasMessage("expected host:port, got \"example.com\" (no port)");
        assertThatThrownBy(() -> BackendAddress.parse("example.com:http"))
                .hasMessage("expected a port 1-65535 in \"example.com:http\", got \"http\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "2001:db8::1", "fe80::1%eth0", "1:2:3:4:5:6:7:8", "::ffff:10.0.0.1"})
    void recognisesIpv6Literals(String s) {
        assertThat(HostNames.isIpv6Literal(s)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:2:3:4:5:6:7:8:9", "1::2::3", "g::1", "12345::1", "::1%", "1.2.3.4", "example.com"})
    void rejectsBadIpv6Literals(String s) {
        assertThat(HostNames.isIpv6Literal(s)).isFalse();
    }

    @Test
    void serviceNameComesFromNameThenPid() {
        assertThat(RelayPids.serviceName(Map.of("name", "web", "service.pid", "org.asyncrelay.service~x")))
                .isEqualTo("web");
        assertThat(RelayPids.serviceName(Map.of("service.pid", "org.asyncrelay.service~dns")))
                .isEqualTo("dns");
    }

    @Test
    void protocolParsesConfigWords() {
        assertThat(Protocol.fromConfigValue("TCP")).isEqualTo(Protocol.TCP);
        assertThat(Protocol.BOTH.carriesTcp()).isTrue();
        assertThat(Protocol.UDP.carriesTcp()).isFalse();
        assertThatThrownBy(() -> Protocol.fromConfigValue("sctp"))
                .hasMessage("expected one of tcp, udp, both, got \"sctp\"");
    }
}
