package org.asyncrelay.engine;

import java.net.Inet4Address;
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

    /** Appends the line of a closed connection or an ended session, without a line break. */
    void append(StringBuilder out, LogTime time, long epochMillis, Relayed r) {
        if (r instanceof EndedSession s) {
            append(out, time, epochMillis, "udp", s, s.datagramsUp(), s.datagramsDown());
        } else {
            append(out, time, epochMillis, "tcp", r, -1, -1);
        }
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
        long durationNanos = r.durationNanos();
        if (json) {
            b.append("{\"time\":\"");
            time.append(b, epochMillis);
            b.append("\",\"protocol\":\"").append(protocol);
            b.append("\",\"service\":");
            quoted(b, service);
            b.append(",\"client\":");
            b.append('"');
            appendAddress(b, client);
            b.append('"');
            b.append(",\"backend\":");
            if (backend == null) {
                b.append("null");
            } else {
                b.append('"');
                appendBackend(b, backend);
                b.append('"');
            }
            b.append(",\"bytes_up\":")
                    .append(bytesUp)
                    .append(",\"bytes_down\":")
                    .append(bytesDown);
            if (datagramsUp >= 0) {
                b.append(",\"datagrams_up\":").append(datagramsUp);
                b.append(",\"datagrams_down\":").append(datagramsDown);
            }
            b.append(",\"duration_ms\":");
            appendMillis(b, durationNanos);
            b.append(",\"end\":\"").append(ending).append("\"}");
        } else {
            time.append(b, epochMillis);
            b.append(' ').append(protocol).append(' ').append(service);
            b.append(" client=");
            appendAddress(b, client);
            b.append(" backend=");
            if (backend == null) {
                b.append('-');
            } else {
                appendBackend(b, backend);
            }
            b.append(" bytes_up=").append(bytesUp).append(" bytes_down=").append(bytesDown);
            if (datagramsUp >= 0) {
                b.append(" datagrams_up=")
                        .append(datagramsUp)
                        .append(" datagrams_down=")
                        .append(datagramsDown);
            }
            b.append(" duration_ms=");
            appendMillis(b, durationNanos);
            b.append(" end=").append(ending);
        }
    }

    /** Milliseconds with three decimals. */
    static void appendMillis(StringBuilder b, long nanos) {
        long micros = nanos / 1000;
        long frac = micros % 1000;
        b.append(micros / 1000)
                .append('.')
                .append(frac < 10 ? "00" : frac < 100 ? "0" : "")
                .append(frac);
    }

    /**
     * {@code host:port}, {@code [v6]:port}; an IPv4 address digit by digit (a line per connection:
     * no string made for it).
     */
    static void appendAddress(StringBuilder b, SocketAddress a) {
        if (a instanceof InetSocketAddress i && i.getAddress() instanceof Inet4Address v4) {
            byte[] bytes = v4.getAddress();
            b.append(bytes[0] & 0xff).append('.').append(bytes[1] & 0xff).append('.');
            b.append(bytes[2] & 0xff)
                    .append('.')
                    .append(bytes[3] & 0xff)
                    .append(':')
                    .append(i.getPort());
        } else if (a instanceof InetSocketAddress i && i.getAddress() != null) {
            String host = i.getAddress().getHostAddress();
            int zone = host.indexOf('%');
            b.append('[')
                    .append(host, 0, zone >= 0 ? zone : host.length())
                    .append("]:")
                    .append(i.getPort());
        } else {
            b.append(a);
        }
    }

    private static void appendBackend(StringBuilder b, BackendAddress backend) {
        String host = backend.host();
        if (host.indexOf(':') >= 0) {
            b.append('[').append(host).append(']');
        } else {
            b.append(host);
        }
        b.append(':').append(backend.port());
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
