package org.asyncrelay.engine;

/** Per-service settings that may change under established connections and sessions. */
record RelaySettings(int connectTimeoutSeconds, int idleTimeoutSeconds, int udpIdleTimeoutSeconds, int udpMaxSessions) {

    int connectTimeoutMillis() {
        return connectTimeoutSeconds * 1000;
    }
}
