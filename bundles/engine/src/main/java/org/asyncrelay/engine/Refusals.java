package org.asyncrelay.engine;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.asyncrelay.api.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one service refused, by protocol and {@link Refusal} reason: counted always, logged at most
 * once per {@value Throttle#EVERY_SECONDS} s per reason (a flood of refused clients must not become a
 * flood of log lines).
 */
final class Refusals {

    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);

    private final String service;
    private final Map<String, Kind> tcp = new LinkedHashMap<>();
    private final Map<String, Kind> udp = new LinkedHashMap<>();

    Refusals(String service) {
        this.service = service;
        Refusal.TCP_REASONS.forEach(r -> tcp.put(r, new Kind("TCP connection(s)", r)));
        Refusal.UDP_REASONS.forEach(r -> udp.put(r, new Kind("datagram(s)", r)));
    }

    /** A TCP connection from {@code client} closed at accept; {@code detail} may be null. */
    void tcp(String reason, Object client, String detail) {
        tcp.get(reason).count(client, detail);
    }

    void udp(String reason, Object client, String detail) {
        udp.get(reason).count(client, detail);
    }

    Map<String, Long> tcpCounts() {
        return counts(tcp);
    }

    Map<String, Long> udpCounts() {
        return counts(udp);
    }

    private static Map<String, Long> counts(Map<String, Kind> kinds) {
        Map<String, Long> result = new LinkedHashMap<>();
        kinds.forEach((r, k) -> result.put(r, k.total.sum()));
        return result;
    }

    /** 192.0.2.1:5000 or [2001:db8::1]:5000, without the slash InetSocketAddress puts first. */
    static String printable(Object client) {
        if (client instanceof InetSocketAddress a && a.getAddress() != null) {
            String host = a.getAddress().getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
        }
        return String.valueOf(client);
    }

    private final class Kind {
        private final String what;
        private final String reason;
        final LongAdder total = new LongAdder();
        private final Throttle throttle = new Throttle();

        Kind(String what, String reason) {
            this.what = what;
            this.reason = reason;
        }

        void count(Object client, String detail) {
            total.increment();
            long n = throttle.occurred();
            if (n > 0) {
                LOG.warn(
                        "relay {}: {} {} refused ({}), the last from {}{}",
                        service,
                        n,
                        what,
                        reason,
                        printable(client),
                        detail == null ? "" : ": " + detail);
            }
        }
    }
}
