package org.asyncrelay.hooks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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

    private static final JsonFactory JSON = new JsonFactory();

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

    /**
     * The seed's {@code RELAY_EVENT_JSON}: compact, keys in this order, no {@code backend} key for an
     * event without a backend ({@code all_backends_unavailable}).
     */
    String json() {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("event", event);
            g.writeStringField("service", service);
            if (hasBackend()) {
                g.writeObjectFieldStart("backend");
                g.writeStringField("host", host);
                g.writeNumberField("port", port);
                g.writeStringField("ip", ip == null || ip.isEmpty() ? null : ip);
                g.writeEndObject();
            }
            g.writeNumberField("failure_count", failureCount);
            g.writeNumberField("available_count", availableCount);
            g.writeNumberField("total_count", totalCount);
            g.writeStringField("timestamp", timestamp);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
