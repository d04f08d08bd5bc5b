package org.asyncrelay.engine;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.asyncrelay.api.BackendAddress;

/**
 * The access log's lines: text ({@code key=value} fields after the time and protocol) or one JSON
 * object. Each carries its own time, so that the file's layout is the message alone, and several
 * lines can go to the log at once.
 */
final class AccessLogLines {

    private final boolean json;

    AccessLogLines(boolean json) {
        this.json = json;
    }

    /** Appends the line of {@code c}, without a line break. */
    void append(StringBuilder out, LogTime time, long epochMillis, ClosedConnection c) {
        append(out, time, epochMillis, "tcp", c, -1, -1);
    }

    void append(StringBuilder out, LogTime time, long epochMillis, EndedSession s) {
        append(out, time, epochMillis, "udp", s, s.datagramsUp(), s.datagramsDown());
    }

    /** {@code datagramsUp} below 0: a TCP connection. */
    private void append(
            StringBuilder b,
            LogTime time,
            long epochMillis,
            String protocol,
            Relayed r,
            long datagramsUp,
            long datagramsDown) {
        String service = r.service();
        SocketAddress client = r.client();
        BackendAddress backend = r.backend();
        long bytesUp = r.bytesUp();
        long bytesDown = r.bytesDown();
        String ending = r.ending();
        String duration = millis(r.durationNanos());
        if (json) {
            b.append("{\"time\":\"");
            time.append(b, epochMillis);
            b.append("\",\"protocol\":\"").append(protocol);
            b.append("\",\"service\":");
            quoted(b, service);
            b.append(",\"client\":");
            quoted(b, address(client));
            b.append(",\"backend\":");
            if (backend == null) {
                b.append("null");
            } else {
                quoted(b, backend.toString());
            }
            b.append(",\"bytes_up\":")
                    .append(bytesUp)
                    .append(",\"bytes_down\":")
                    .append(bytesDown);
            if (datagramsUp >= 0) {
                b.append(",\"datagrams_up\":").append(datagramsUp);
                b.append(",\"datagrams_down\":").append(datagramsDown);
            }
            b.append(",\"duration_ms\":")
                    .append(duration)
                    .append(",\"end\":\"")
                    .append(ending)
                    .append("\"}");
        } else {
            time.append(b, epochMillis);
            b.append(' ').append(protocol).append(' ').append(service);
            b.append(" client=").append(address(client));
            b.append(" backend=").append(backend == null ? "-" : backend.toString());
            b.append(" bytes_up=").append(bytesUp).append(" bytes_down=").append(bytesDown);
            if (datagramsUp >= 0) {
                b.append(" datagrams_up=")
                        .append(datagramsUp)
                        .append(" datagrams_down=")
                        .append(datagramsDown);
            }
            b.append(" duration_ms=").append(duration).append(" end=").append(ending);
        }
    }

    /** Milliseconds with three decimals. */
    static String millis(long nanos) {
        long micros = nanos / 1000;
        long frac = micros % 1000;
        return (micros / 1000) + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
    }

    /** {@code host:port}, {@code [v6]:port}. */
    static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress i && i.getAddress() != null) {
            String host = i.getAddress().getHostAddress();
            int zone = host.indexOf('%');
            if (zone >= 0) {
                host = host.substring(0, zone);
            }
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    private static void quoted(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
