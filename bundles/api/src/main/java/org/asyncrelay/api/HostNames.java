package org.asyncrelay.api;

import java.util.regex.Pattern;

/** Syntax checks for host names and IP literals, without any name lookup. */
public final class HostNames {

    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private HostNames() {}

    public static boolean isIpv4Literal(String s) {
        return IPV4.matcher(s).matches();
    }

    /** RFC 4291 text forms, including {@code ::}, embedded IPv4 and a {@code %zone} suffix. */
    public static boolean isIpv6Literal(String s) {
        int zone = s.indexOf('%');
        if (zone == s.length() - 1) {
            return false;
        }
        String addr = zone >= 0 ? s.substring(0, zone) : s;
        if (addr.indexOf(':') < 0) {
            return false;
        }
        int lastColon = addr.lastIndexOf(':');
        String last = addr.substring(lastColon + 1);
        if (last.indexOf('.') >= 0) {
            if (!isIpv4Literal(last)) {
                return false;
            }
            addr = addr.substring(0, lastColon + 1) + "0:0";
        }
        int doubleColon = addr.indexOf("::");
        if (doubleColon < 0) {
            return countGroups(addr) == 8;
        }
        if (addr.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        int groups = countGroups(addr.substring(0, doubleColon)) + countGroups(addr.substring(doubleColon + 2));
        return groups >= 0 && groups < 8;
    }

    private static int countGroups(String part) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] groups = part.split(":", -1);
        for (String g : groups) {
            if (!HEX_GROUP.matcher(g).matches()) {
                return -100;
            }
        }
        return groups.length;
    }

    /** A DNS name: dot-separated labels of letters, digits, '-' and '_', at most 253 characters. */
    public static boolean isHostName(String s) {
        if (s.isEmpty() || s.length() > 253) {
            return false;
        }
        String name = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        if (name.isEmpty()) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // an all-numeric dotted name that is not a valid IPv4 address (999.1.1.1) is a typo, not a host
        return !name.matches("[0-9.]+");
    }

    /**
     * #21: whether {@code s} is an IPv4 or IPv6 literal of a loopback address (127.0.0.0/8, ::1);
     * false for host names, which are not resolved here.
     */
    public static boolean isLoopbackLiteral(String s) {
        if (s == null || !(isIpv4Literal(s) || isIpv6Literal(s))) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(s).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
