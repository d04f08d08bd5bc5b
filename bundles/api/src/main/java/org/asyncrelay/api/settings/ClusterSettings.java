package org.asyncrelay.api.settings;

import java.util.List;
import java.util.Map;

/**
 * #21: the relays of a cluster, sharing configuration and backend state: the YAML file's {@code
 * cluster} block and configuration {@value org.asyncrelay.api.RelayPids#CLUSTER}. Without the
 * block (and without that configuration) a relay runs alone.
 */
public final class ClusterSettings {

    public static final Setting<String> NAME = Setting.text("name", "async-relay", "a cluster name")
            .described("Cluster name", "Members with another name never join this cluster.");
    public static final Setting<String> LISTEN_ADDRESS = Setting.text("listen.address", "127.0.0.1", "an IP address")
            .described(
                    "Listen address",
                    "The address this member binds and is reached at by the others; 127.0.0.1 keeps the cluster"
                            + " on this host; 0.0.0.0 binds every interface and is reached at the address Hazelcast"
                            + " picks (with kubernetes discovery: the pod's). Any other address needs a secret.");
    public static final Setting<Integer> LISTEN_PORT =
            Setting.count("listen.port", 5701, 1, 65535).described("Listen port", "The port this member binds.");
    public static final Setting<List<String>> MEMBERS = Setting.textList("members", "members", "host:port")
            .described(
                    "Members",
                    "Other members to join, host:port each (static discovery); this member's own address may be"
                            + " listed too.");
    public static final Setting<String> DISCOVERY = Setting.choice(
                    "discovery", "static", "static", "multicast", "kubernetes")
            .described(
                    "Discovery",
                    "static: the members list; multicast: members find each other on the local network;"
                            + " kubernetes: Hazelcast's Kubernetes discovery (the pods of this service).");
    public static final Setting<String> SECRET = Setting.password("secret")
            .described(
                    "Secret",
                    "Every entry shared in the cluster carries an HMAC-SHA256 made with this key; entries"
                            + " without a valid one are refused. Required unless the listen address is a loopback"
                            + " address.");
    public static final Setting<Boolean> SHARE_BACKEND_STATE = Setting.flag("share_backend_state", true)
            .described(
                    "Share backend state",
                    "A backend that fails twice on one member cools down on all; a recovery seen by one ends it"
                            + " on all.");

    public static final List<Setting<?>> ALL =
            List.of(NAME, LISTEN_ADDRESS, LISTEN_PORT, MEMBERS, DISCOVERY, SECRET, SHARE_BACKEND_STATE);

    /** The values of the cluster configuration's properties. */
    public static SettingValues of(Map<String, ?> properties) {
        return SettingValues.fromProperties(ALL, properties);
    }

    private ClusterSettings() {}
}
