package org.asyncrelay.api;

/**
 * A backend as configured: a host name or IP literal and a port. Written {@code host:port}, {@code
 * 192.0.2.1:80} or {@code [2001:db8::1]:80}.
 */
public record BackendAddress(String host, int port) {

    public BackendAddress {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " outside 1-65535");
        }
    }

    /**
     * Parses {@code host:port} or {@code [v6]:port}.
     *
     * @throws IllegalArgumentException with a message that says what was expected
     */
    public static BackendAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected host:port or [ipv6]:port, got an empty value");
        }
        String s = text.trim();
        String host;
        String portText;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("expected [ipv6]:port, got \"" + text + "\"");
            }
            host = s.substring(1, close);
            portText = s.substring(close + 2);
            if (!HostNames.isIpv6Literal(host)) {
                throw new IllegalArgumentException("\"" + host + "\" in \"" + text + "\" is not an IPv6 address");
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("expected host:port, got \"" + text + "\" (no port)");
            }
            host = s.substring(0, colon);
            portText = s.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException("expected [ipv6]:port for an IPv6 backend, got \"" + text + "\"");
            }
            if (!HostNames.isIpv4Literal(host) && !HostNames.isHostName(host)) {
                throw new IllegalArgumentException(
                        "\"" + host + "\" in \"" + text + "\" is not a host name or IP address");
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("expected host:port, got \"" + text + "\" (no host)");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a port 1-65535 in \"" + text + "\", got \"" + portText + "\"");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("expected a port 1-65535 in \"" + text + "\", got " + port);
        }
        return new BackendAddress(host, port);
    }

    /**
     * The backend entries of a configuration property: each element may hold several entries
     * separated by commas, as a {@code .cfg} drop-in file writes {@code backends = a:80, b:80}.
     */
    public static java.util.List<String> entries(String[] property) {
        java.util.List<String> result = new java.util.ArrayList<>();
        if (property != null) {
            for (String element : property) {
                for (String part : element.split(",")) {
                    if (!part.isBlank()) {
                        result.add(part.trim());
                    }
                }
            }
        }
        return result;
    }

    public boolean isIpLiteral() {
        return HostNames.isIpv4Literal(host) || HostNames.isIpv6Literal(host);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
