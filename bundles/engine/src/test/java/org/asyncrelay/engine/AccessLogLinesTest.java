package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.asyncrelay.api.BackendAddress;
import org.junit.jupiter.api.Test;

class AccessLogLinesTest {

    static final long TIME = Instant.parse("2026-12-02T10:40:01Z").toEpochMilli();

    static String line(boolean json, ClosedConnection c) {
        StringBuilder b = new StringBuilder();
        new AccessLogLines(json).append(b, new LogTime(), TIME, c);
        return b.toString();
    }

    static String line(boolean json, EndedSession s) {
        StringBuilder b = new StringBuilder();
        new AccessLogLines(json).append(b, new LogTime(), TIME, s);
        return b.toString();
    }

    static final ClosedConnection TCP = new ClosedConnection(
            "web",
            new InetSocketAddress("127.0.0.1", 51000),
            new BackendAddress("backend.example", 8080),
            12_345_678,
            120,
            4096,
            false,
            false,
            Ending.BACKEND_CLOSED);
    static final EndedSession UDP = new EndedSession(
            "dns \"x\"", new InetSocketAddress("::1", 5353), null, 30_000_000_000L, 64, 0, 2, 0, Ending.NO_BACKEND);

    /** The text line's fields after its time, protocol and service. */
    static Map<String, String> fields(String line) {
        String[] parts = line.split(" ");
        Map<String, String> f = new LinkedHashMap<>();
        f.put("time", parts[0]);
        f.put("protocol", parts[1]);
        f.put("service", parts[2]);
        for (int i = 3; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            f.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        return f;
    }

    @Test
    void aTcpConnectionAsText() {
        String line = line(false, TCP);
        assertThat(fields(line))
                .containsExactly(
                        Map.entry("time", "2026-12-02T10:40:01.000Z"),
                        Map.entry("protocol", "tcp"),
                        Map.entry("service", "web"),
                        Map.entry("client", "127.0.0.1:51000"),
                        Map.entry("backend", "backend.example:8080"),
                        Map.entry("bytes_up", "120"),
                        Map.entry("bytes_down", "4096"),
                        Map.entry("duration_ms", "12.345"),
                        Map.entry("end", "backend_closed"));
    }

    @Test
    void aUdpSessionWithoutBackendAsText() {
        Map<String, String> f = fields(line(
                false,
                new EndedSession(
                        "dns",
                        new InetSocketAddress("::1", 5353),
                        null,
                        30_000_000_000L,
                        64,
                        0,
                        2,
                        0,
                        Ending.NO_BACKEND)));
        assertThat(f)
                .containsEntry("protocol", "udp")
                .containsEntry("client", "[0:0:0:0:0:0:0:1]:5353")
                .containsEntry("backend", "-")
                .containsEntry("datagrams_up", "2")
                .containsEntry("datagrams_down", "0")
                .containsEntry("duration_ms", "30000.000")
                .containsEntry("end", "no_backend");
    }

    @Test
    void jsonLinesAreJsonObjectsWithEveryField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode tcp = json.readTree(line(true, TCP));
        assertThat(tcp.get("time").asText()).isEqualTo("2026-12-02T10:40:01.000Z");
        assertThat(tcp.get("protocol").asText()).isEqualTo("tcp");
        assertThat(tcp.get("service").asText()).isEqualTo("web");
        assertThat(tcp.get("client").asText()).isEqualTo("127.0.0.1:51000");
        assertThat(tcp.get("backend").asText()).isEqualTo("backend.example:8080");
        assertThat(tcp.get("bytes_up").asLong()).isEqualTo(120);
        assertThat(tcp.get("bytes_down").asLong()).isEqualTo(4096);
        assertThat(tcp.get("duration_ms").asDouble()).isEqualTo(12.345);
        assertThat(tcp.get("end").asText()).isEqualTo("backend_closed");
        assertThat(tcp.has("datagrams_up")).isFalse();

        JsonNode udp = json.readTree(line(true, UDP));
        assertThat(udp.get("service").asText()).isEqualTo("dns \"x\"");
        assertThat(udp.get("backend").isNull()).isTrue();
        assertThat(udp.get("datagrams_up").asLong()).isEqualTo(2);
        assertThat(udp.get("end").asText()).isEqualTo("no_backend");
    }

    @Test
    void theTimeHasItsMillisecondsAlwaysAndItsSecondFormattedOnce() {
        LogTime time = new LogTime();
        StringBuilder b = new StringBuilder();
        time.append(b, TIME + 7);
        b.append(' ');
        time.append(b, TIME + 999);
        b.append(' ');
        time.append(b, TIME + 1050);
        assertThat(b).hasToString("2026-12-02T10:40:01.007Z 2026-12-02T10:40:01.999Z 2026-12-02T10:40:02.050Z");
    }

    @Test
    void millisecondsKeepThreeDecimals() {
        assertThat(millis(0)).isEqualTo("0.000");
        assertThat(millis(1_005_000)).isEqualTo("1.005");
        assertThat(millis(1_050_000)).isEqualTo("1.050");
        assertThat(millis(999_999)).isEqualTo("0.999");
        assertThat(millis(61_002_117_000L)).isEqualTo("61002.117");
    }

    static String millis(long nanos) {
        StringBuilder b = new StringBuilder();
        AccessLogLines.appendMillis(b, nanos);
        return b.toString();
    }

    @Test
    void addressesAsTheirTextWithBracketsForIpv6() {
        StringBuilder b = new StringBuilder();
        AccessLogLines.appendAddress(b, new InetSocketAddress("192.0.2.250", 65535));
        b.append(' ');
        AccessLogLines.appendAddress(b, new InetSocketAddress("2001:db8::1", 80));
        assertThat(b).hasToString("192.0.2.250:65535 [2001:db8:0:0:0:0:0:1]:80");
    }
}
