package org.asyncrelay.engine;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.asyncrelay.api.CidrSet;
import org.asyncrelay.api.settings.ServiceSettings;
import org.asyncrelay.api.settings.SettingValues;

/**
 * Who a service relays and what it tells its backends about them (#19): allow and deny lists, the
 * per-client limits, the PROXY protocol it sends and the one it accepts. Built once per settings
 * change; what it checks per client is a null test when the feature is off.
 *
 * @param sendProxy "v1", "v2", or null: no header to the backends
 * @param proxyFrom who may send a PROXY header; null: none is read
 */
record ClientPolicy(
        CidrSet allow,
        CidrSet deny,
        int maxPerClient,
        int newPerClientPerSecond,
        String sendProxy,
        CidrSet proxyFrom,
        Duration proxyTimeout) {

    static ClientPolicy of(SettingValues s) {
        String send = s.get(ServiceSettings.PROXY_PROTOCOL);
        return new ClientPolicy(
                CidrSet.of(s.get(ServiceSettings.ALLOW)),
                CidrSet.of(s.get(ServiceSettings.DENY)),
                s.get(ServiceSettings.MAX_CONNECTIONS_PER_CLIENT),
                s.get(ServiceSettings.MAX_NEW_CONNECTIONS_PER_CLIENT),
                send.equals("off") ? null : send,
                s.get(ServiceSettings.ACCEPT_PROXY_PROTOCOL)
                        ? CidrSet.of(s.get(ServiceSettings.PROXY_PROTOCOL_FROM))
                        : null,
                s.duration(ServiceSettings.PROXY_PROTOCOL_TIMEOUT));
    }

    boolean acceptsProxy() {
        return proxyFrom != null;
    }

    /** Not in {@code allow} (when it lists anything), or in {@code deny}. */
    boolean denied(InetAddress client) {
        return (!allow.isEmpty() && !allow.contains(client)) || deny.contains(client);
    }

    boolean limitsClients() {
        return maxPerClient > 0 || newPerClientPerSecond > 0;
    }

    /** The settings in force, in words, for status views; empty when every one is off. */
    static List<String> describe(SettingValues s) {
        List<String> words = new ArrayList<>();
        int allow = s.get(ServiceSettings.ALLOW).size();
        int deny = s.get(ServiceSettings.DENY).size();
        if (allow > 0) {
            words.add("allow " + networks(allow));
        }
        if (deny > 0) {
            words.add("deny " + networks(deny));
        }
        if (s.get(ServiceSettings.MAX_CONNECTIONS) > 0) {
            words.add("at most " + s.get(ServiceSettings.MAX_CONNECTIONS) + " connections");
        }
        if (s.get(ServiceSettings.MAX_CONNECTIONS_PER_CLIENT) > 0) {
            words.add("at most " + s.get(ServiceSettings.MAX_CONNECTIONS_PER_CLIENT) + " connections per client");
        }
        if (s.get(ServiceSettings.MAX_NEW_CONNECTIONS_PER_CLIENT) > 0) {
            words.add("at most " + s.get(ServiceSettings.MAX_NEW_CONNECTIONS_PER_CLIENT)
                    + " new connections per client/s");
        }
        if (!s.get(ServiceSettings.PROXY_PROTOCOL).equals("off")) {
            words.add("PROXY protocol " + s.get(ServiceSettings.PROXY_PROTOCOL) + " to backends");
        }
        if (s.get(ServiceSettings.ACCEPT_PROXY_PROTOCOL)) {
            words.add("PROXY protocol read from " + String.join(", ", s.get(ServiceSettings.PROXY_PROTOCOL_FROM)));
        }
        return words;
    }

    private static String networks(int n) {
        return n == 1 ? "1 network" : n + " networks";
    }
}
