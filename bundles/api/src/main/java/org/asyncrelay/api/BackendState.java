package org.asyncrelay.api;

/** Whether a backend is offered to new connections. */
public enum BackendState {
    /** Tried in queue order. */
    AVAILABLE,
    /** Failed twice in a row: skipped until its cooldown ends, unless every backend is cooling. */
    COOLING,
    /** Taken out by an operator: no new connections, established ones go on, health checks go on. */
    DRAINING,
    /** Taken out by an operator: never tried, not even when every other backend is cooling; not probed. */
    DISABLED
}
