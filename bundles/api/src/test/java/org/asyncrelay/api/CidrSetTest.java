package org.asyncrelay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CidrSetTest {

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    /** ::ffff:a.b.c.d as a dual-stack socket reports it (Java's parser would make it IPv4). */
    static InetAddress mapped(String v4) throws Exception {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(ip(v4).getAddress(), 0, b, 12, 4);
        return Inet6Address.getByAddress(null, b, -1);
    }

    @Test
    void ipv4NetworksMatchTheirAddressesOnly() throws Exception {
        CidrSet set = CidrSet.of(List.of("192.0.2.0/24", "198.51.100.7", "10.0.0.0/8"));
        assertThat(set.contains(ip("192.0.2.0"))).isTrue();
        assertThat(set.contains(ip("192.0.2.255"))).isTrue();
        assertThat(set.contains(ip("192.0.3.0"))).isFalse();
        assertThat(set.contains(ip("198.51.100.7"))).isTrue();
        assertThat(set.contains(ip("198.51.100.8"))).isFalse();
        assertThat(set.contains(ip("10.255.255.255"))).isTrue();
        assertThat(set.contains(ip("11.0.0.0"))).isFalse();
        assertThat(set.contains(ip("2001:db8::1"))).isFalse();
    }

    @Test
    void ipv6NetworksMatchTheirAddressesOnly() throws Exception {
        CidrSet set = CidrSet.of(List.of("2001:db8::/32", "fe80::1/128", "::/0"));
        assertThat(set.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(set.contains(ip("1.2.3.4"))).isFalse();
        CidrSet narrow = CidrSet.of(List.of("2001:db8::/32", "2001:db8:1:2::/64"));
        assertThat(narrow.contains(ip("2001:db9::"))).isFalse();
        assertThat(narrow.contains(ip("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff")))
                .isFalse();
        assertThat(narrow.ranges()).isEqualTo(1);
        CidrSet odd = CidrSet.of(List.of("2001:db8::/65"));
        assertThat(odd.contains(ip("2001:db8::7fff:ffff:ffff:ffff"))).isTrue();
        assertThat(odd.contains(ip("2001:db8::8000:0:0:0"))).isFalse();
    }

    @Test
    void mappedIpv4AddressesMatchIpv4RulesAndMappedRulesAreIpv4Rules() throws Exception {
        CidrSet v4 = CidrSet.of(List.of("192.0.2.0/24"));
        assertThat(v4.contains(mapped("192.0.2.9"))).isTrue();
        assertThat(v4.contains(mapped("192.0.3.9"))).isFalse();
        CidrSet written = CidrSet.of(List.of("::ffff:192.0.2.0/120"));
        assertThat(written.contains(ip("192.0.2.200"))).isTrue();
        assertThat(written.contains(ip("192.0.3.1"))).isFalse();
    }

    @Test
    void hostBitsBeyondThePrefixAreIgnoredAndNeighboursMerge() throws Exception {
        CidrSet set = CidrSet.of(List.of("192.0.2.77/24", "192.0.3.0/24", "192.0.2.0/25"));
        assertThat(set.ranges()).isEqualTo(1);
        assertThat(set.contains(ip("192.0.3.255"))).isTrue();
        assertThat(set.contains(ip("192.0.4.0"))).isFalse();
        assertThat(CidrSet.of(List.of("0.0.0.0/0")).contains(ip("255.255.255.255")))
                .isTrue();
    }

    @Test
    void aThousandNetworksMatchAsAListScanWould() throws Exception {
        Random random = new Random(19);
        List<String> cidrs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            cidrs.add((random.nextInt(223) + 1) + "." + random.nextInt(256) + "." + random.nextInt(256) + ".0/"
                    + (16 + random.nextInt(17)));
        }
        CidrSet set = CidrSet.of(cidrs);
        for (int i = 0; i < 5_000; i++) {
            InetAddress a = InetAddress.getByAddress(new byte[] {
                (byte) (random.nextInt(223) + 1),
                (byte) random.nextInt(256),
                (byte) random.nextInt(256),
                (byte) random.nextInt(256)
            });
            assertThat(set.contains(a)).as(a.toString()).isEqualTo(scan(cidrs, a));
        }
    }

    private static boolean scan(List<String> cidrs, InetAddress a) throws Exception {
        long v = Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(a.getAddress()).getInt());
        for (String c : cidrs) {
            String[] p = c.split("/");
            String[] q = p[0].split("\\.");
            long n = (Long.parseLong(q[0]) << 24)
                    | (Long.parseLong(q[1]) << 16)
                    | (Long.parseLong(q[2]) << 8)
                    | Long.parseLong(q[3]);
            int prefix = Integer.parseInt(p[1]);
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            if ((v & mask) == (n & mask)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void whatIsNotANetworkSaysWhatWasExpected() {
        assertThat(CidrSet.problem("192.0.2.0/24")).isNull();
        assertThat(CidrSet.problem("2001:db8::/32")).isNull();
        assertThat(CidrSet.problem("example.com"))
                .isEqualTo(
                        "expected an IPv4 or IPv6 network such as 192.0.2.0/24 or 2001:db8::/32, got \"example.com\"");
        assertThat(CidrSet.problem("192.0.2.0/33"))
                .isEqualTo("expected a prefix length 0-32 after the address, got \"192.0.2.0/33\"");
        assertThat(CidrSet.problem("2001:db8::/129")).contains("0-128");
        assertThat(CidrSet.problem("300.0.0.1")).startsWith("expected an IPv4 or IPv6 network");
        assertThat(CidrSet.problem("10.0.0.0/")).contains("prefix length");
        assertThatThrownBy(() -> CidrSet.of(List.of("10.0.0.0/8", "nope"))).hasMessageContaining("\"nope\"");
    }

    @Test
    void probePayloadsAreHexOrText() {
        assertThat(ProbePayload.parse("hex:00ff 10")).containsExactly(0, 255, 16);
        assertThat(ProbePayload.parse("text:ping")).containsExactly('p', 'i', 'n', 'g');
        assertThat(ProbePayload.problem("")).isNull();
        assertThat(ProbePayload.problem("hex:0"))
                .startsWith("expected \"hex:\" followed by an even number of hex digits");
        assertThat(ProbePayload.problem("ping")).endsWith("got \"ping\"");
    }
}
