package org.asyncrelay.api;

/** Whether a backend is offered to new connections. */
public enum BackendState {
    /** Tried in queue order. */
    AVAILABLE,
    /** Failed twice in a row: skipped until its cooldown ends, unless every backend is cooling. */
    COOLING
}
