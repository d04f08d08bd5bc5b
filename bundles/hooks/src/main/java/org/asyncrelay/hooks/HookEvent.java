package org.asyncrelay.hooks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.asyncrelay.api.RelayEvents;
import org.osgi.service.event.Event;

/**
 * A backend event as the seed's hooks receive it: environment variables and {@code
 * RELAY_EVENT_JSON}.
 */
record HookEvent(
        String event,
        String service,
        String host,
        Integer port,
        String ip,
        int failureCount,
        int availableCount,
        int totalCount,
        String timestamp) {

    static HookEvent of(Event e) {
        return new HookEvent(
                (String) e.getProperty(RelayEvents.EVENT),
                (String) e.getProperty(RelayEvents.SERVICE),
                (String) e.getProperty(RelayEvents.BACKEND_HOST),
                (Integer) e.getProperty(RelayEvents.BACKEND_PORT),
                (String) e.getProperty(RelayEvents.BACKEND_IP),
                intOf(e, RelayEvents.FAILURE_COUNT),
                intOf(e, RelayEvents.AVAILABLE_COUNT),
                intOf(e, RelayEvents.TOTAL_COUNT),
                String.valueOf(e.getProperty(RelayEvents.TIMESTAMP)));
    }

    private static int intOf(Event e, String key) {
        Object v = e.getProperty(key);
        return v instanceof Number n ? n.intValue() : 0;
    }

    boolean hasBackend() {
        return host != null;
    }

    /** The variables the seed sets; the three backend ones only when there is a backend. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RELAY_EVENT_TYPE", event);
        env.put("RELAY_SERVICE_NAME", service);
        if (hasBackend()) {
            env.put("RELAY_BACKEND_HOST", host);
            env.put("RELAY_BACKEND_PORT", String.valueOf(port));
            env.put("RELAY_BACKEND_IP", ip == null ? "" : ip);
        }
        env.put("RELAY_FAILURE_COUNT", String.valueOf(failureCount));
        env.put("RELAY_AVAILABLE_COUNT", String.valueOf(availableCount));
        env.put("RELAY_TOTAL_COUNT", String.valueOf(totalCount));
        env.put("RELAY_TIMESTAMP", timestamp);
        env.put("RELAY_EVENT_JSON", json());
        return env;
    }

    String json() {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"event\":").append(quote(event));
        b.append(",\"service\":").append(quote(service));
        b.append(",\"backend\":");
        if (hasBackend()) {
            b.append("{\"host\":").append(quote(host));
            b.append(",\"port\":").append(port);
            b.append(",\"ip\":")
                    .append(ip == null || ip.isEmpty() ? "null" : quote(ip))
                    .append('}');
        } else {
            b.append("null");
        }
        b.append(",\"failure_count\":").append(failureCount);
        b.append(",\"available_count\":").append(availableCount);
        b.append(",\"total_count\":").append(totalCount);
        b.append(",\"timestamp\":").append(quote(timestamp)).append('}');
        return b.toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
