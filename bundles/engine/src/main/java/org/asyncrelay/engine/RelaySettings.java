package org.asyncrelay.engine;

/** Per-service settings that may change under established connections. */
record RelaySettings(int connectTimeoutSeconds, int idleTimeoutSeconds) {

    int connectTimeoutMillis() {
        return connectTimeoutSeconds * 1000;
    }
}
