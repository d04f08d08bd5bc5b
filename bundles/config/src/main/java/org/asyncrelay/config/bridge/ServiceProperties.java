package org.asyncrelay.config.bridge;

import java.util.Dictionary;
import java.util.Hashtable;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.RelayPids;
import org.asyncrelay.config.model.ServiceDefinition;

/** A service of the YAML file as the properties of its factory configuration. */
final class ServiceProperties {

    private ServiceProperties() {}

    static Dictionary<String, Object> of(ServiceDefinition s) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("name", s.name());
        p.put("protocol", s.protocol().configValue());
        p.put("listen.address", s.listenAddress());
        p.put("listen.port", s.listenPort());
        p.put("backends", s.backends().stream().map(BackendAddress::toString).toArray(String[]::new));
        p.put("backend.cooldown", s.backendCooldown());
        p.put("health.check.enabled", s.healthCheck().enabled());
        p.put("health.check.interval", s.healthCheck().interval());
        p.put("health.check.timeout", s.healthCheck().timeout());
        p.put("event.hook.command", s.eventHook().command());
        p.put("event.hook.args", s.eventHook().args().toArray(String[]::new));
        p.put("event.hook.events", s.eventHook().events().toArray(String[]::new));
        p.put("event.hook.timeout", s.eventHook().timeout());
        p.put("connect.timeout", s.connectTimeout());
        p.put("idle.timeout", s.idleTimeout());
        p.put("listen.backlog", s.listenBacklog());
        p.put("udp.idle.timeout", s.udpIdleTimeout());
        p.put("udp.max.sessions", s.udpMaxSessions());
        p.put("failback", s.failback());
        p.put("splice", s.splice());
        p.put(RelayPids.SOURCE_PROPERTY, RelayPids.SOURCE_YAML);
        return p;
    }
}
