package org.asyncrelay.engine;

/** Per-service settings that may change under established connections and sessions. */
record RelaySettings(
        int connectTimeoutSeconds,
        int idleTimeoutSeconds,
        int udpIdleTimeoutSeconds,
        int udpMaxSessions,
        int maxConnections) {

    /** No limit on TCP connections. */
    RelaySettings(int connectTimeoutSeconds, int idleTimeoutSeconds, int udpIdleTimeoutSeconds, int udpMaxSessions) {
        this(connectTimeoutSeconds, idleTimeoutSeconds, udpIdleTimeoutSeconds, udpMaxSessions, 0);
    }

    int connectTimeoutMillis() {
        return connectTimeoutSeconds * 1000;
    }
}
