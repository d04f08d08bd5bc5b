package org.asyncrelay.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * IPv4 and IPv6 networks in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}, or a
 * single address), matched in O(log n): the networks are merged into sorted, disjoint address
 * ranges, so a list of thousands costs a binary search per client. IPv4-mapped IPv6 addresses
 * ({@code ::ffff:192.0.2.1}), as a dual-stack listener sees IPv4 clients, match the IPv4 rules,
 * and rules written in that form are IPv4 rules.
 */
public final class CidrSet {

    public static final CidrSet EMPTY = new CidrSet(new long[0], new long[0], new long[0], new long[0]);

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** IPv4 ranges: first and last address, unsigned, sorted and disjoint. */
    private final long[] v4From;

    private final long[] v4To;
    /** IPv6 ranges: first and last address as pairs of longs (high, low), sorted and disjoint. */
    private final long[] v6From;

    private final long[] v6To;

    private CidrSet(long[] v4From, long[] v4To, long[] v6From, long[] v6To) {
        this.v4From = v4From;
        this.v4To = v4To;
        this.v6From = v6From;
        this.v6To = v6To;
    }

    /** @throws IllegalArgumentException naming the first entry that is not a CIDR */
    public static CidrSet of(List<String> cidrs) {
        if (cidrs.isEmpty()) {
            return EMPTY;
        }
        List<long[]> v4 = new ArrayList<>();
        List<long[]> v6 = new ArrayList<>();
        for (String text : cidrs) {
            Network n = parse(text);
            byte[] a = n.address;
            if (a.length == 4) {
                long value = Integer.toUnsignedLong(bytesToInt(a, 0));
                long size = 1L << (32 - n.prefix);
                long first = value & ~(size - 1);
                v4.add(new long[] {first, first + size - 1});
            } else {
                long hi = bytesToLong(a, 0);
                long lo = bytesToLong(a, 8);
                long[] first = mask(hi, lo, n.prefix);
                long[] last = {first[0] | ~highMask(n.prefix), first[1] | ~lowMask(n.prefix)};
                v6.add(new long[] {first[0], first[1], last[0], last[1]});
            }
        }
        long[][] four = merge4(v4);
        long[][] six = merge6(v6);
        return new CidrSet(four[0], four[1], six[0], six[1]);
    }

    /** Null when {@code text} is an IPv4 or IPv6 network in CIDR notation or an address, else why not. */
    public static String problem(String text) {
        try {
            parse(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    public boolean isEmpty() {
        return v4From.length == 0 && v6From.length == 0;
    }

    /** The disjoint address ranges the networks merged into. */
    public int ranges() {
        return v4From.length + v6From.length / 2;
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (address instanceof Inet6Address && isMappedIpv4(a)) {
            a = Arrays.copyOfRange(a, 12, 16);
        }
        if (a.length == 4) {
            long v = Integer.toUnsignedLong(bytesToInt(a, 0));
            int i = Arrays.binarySearch(v4From, v);
            if (i >= 0) {
                return true;
            }
            int before = -i - 2;
            return before >= 0 && v <= v4To[before];
        }
        long hi = bytesToLong(a, 0);
        long lo = bytesToLong(a, 8);
        int low = 0;
        int high = v6From.length / 2 - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (compare(v6From[2 * mid], v6From[2 * mid + 1], hi, lo) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found >= 0 && compare(hi, lo, v6To[2 * found], v6To[2 * found + 1]) <= 0;
    }

    private record Network(byte[] address, int prefix) {}

    private static Network parse(String raw) {
        String text = raw == null ? "" : raw.trim();
        String expected = "expected an IPv4 or IPv6 network such as 192.0.2.0/24 or 2001:db8::/32, got \"" + raw + "\"";
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        byte[] address;
        if (IPV4.matcher(host).matches()) {
            for (String part : host.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new IllegalArgumentException(expected);
                }
            }
        } else if (!IPV6.matcher(host).matches()) {
            throw new IllegalArgumentException(expected);
        }
        try {
            // a literal (checked above): no name is looked up
            address = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            throw new IllegalArgumentException(expected);
        }
        if (host.indexOf(':') >= 0 && address.length == 4) {
            // Java turns ::ffff:a.b.c.d into an IPv4 address; its prefix is still an IPv6 one
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(address, 0, mapped, 12, 4);
            address = mapped;
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
                throw new IllegalArgumentException(
                        "expected a prefix length 0-" + bits + " after the address, got \"" + raw + "\"");
            }
            prefix = Integer.parseInt(p);
        }
        if (isMappedIpv4(address) && prefix >= 96) {
            address = Arrays.copyOfRange(address, 12, 16);
            prefix -= 96;
        }
        return new Network(address, prefix);
    }

    private static boolean isMappedIpv4(byte[] a) {
        if (a.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static long[][] merge4(List<long[]> ranges) {
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : ranges) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(r.clone());
            }
        }
        long[] from = new long[merged.size()];
        long[] to = new long[merged.size()];
        for (int i = 0; i < merged.size(); i++) {
            from[i] = merged.get(i)[0];
            to[i] = merged.get(i)[1];
        }
        return new long[][] {from, to};
    }

    private static long[][] merge6(List<long[]> ranges) {
        ranges.sort((x, y) -> compare(x[0], x[1], y[0], y[1]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : ranges) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && adjoins(last[2], last[3], r[0], r[1])) {
                if (compare(r[2], r[3], last[2], last[3]) > 0) {
                    last[2] = r[2];
                    last[3] = r[3];
                }
            } else {
                merged.add(r.clone());
            }
        }
        long[] from = new long[2 * merged.size()];
        long[] to = new long[2 * merged.size()];
        for (int i = 0; i < merged.size(); i++) {
            long[] m = merged.get(i);
            from[2 * i] = m[0];
            from[2 * i + 1] = m[1];
            to[2 * i] = m[2];
            to[2 * i + 1] = m[3];
        }
        return new long[][] {from, to};
    }

    /** Whether a range ending at (lastHi, lastLo) overlaps or touches one starting at (hi, lo). */
    private static boolean adjoins(long lastHi, long lastLo, long hi, long lo) {
        if (compare(hi, lo, lastHi, lastLo) <= 0) {
            return true;
        }
        long nextLo = lastLo + 1;
        long nextHi = nextLo == 0 ? lastHi + 1 : lastHi;
        return nextHi == hi && nextLo == lo && !(lastHi == -1L && lastLo == -1L);
    }

    private static int compare(long hi1, long lo1, long hi2, long lo2) {
        int c = Long.compareUnsigned(hi1, hi2);
        return c != 0 ? c : Long.compareUnsigned(lo1, lo2);
    }

    private static long[] mask(long hi, long lo, int prefix) {
        return new long[] {hi & highMask(prefix), lo & lowMask(prefix)};
    }

    /** The network bits of the high 64 bits for {@code prefix}. */
    private static long highMask(int prefix) {
        return prefix >= 64 ? -1L : prefix == 0 ? 0L : -1L << (64 - prefix);
    }

    private static long lowMask(int prefix) {
        return prefix <= 64 ? 0L : prefix >= 128 ? -1L : -1L << (128 - prefix);
    }

    private static int bytesToInt(byte[] a, int at) {
        return ((a[at] & 0xff) << 24) | ((a[at + 1] & 0xff) << 16) | ((a[at + 2] & 0xff) << 8) | (a[at + 3] & 0xff);
    }

    private static long bytesToLong(byte[] a, int at) {
        return ((long) bytesToInt(a, at) << 32) | Integer.toUnsignedLong(bytesToInt(a, at + 4));
    }
}
