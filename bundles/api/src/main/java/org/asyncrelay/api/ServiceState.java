package org.asyncrelay.api;

/** Where a relay service is in its life. */
public enum ServiceState {
    /** Configured, listeners being opened. */
    STARTING,
    /** Every listener the protocol asks for is bound. */
    RUNNING,
    /** A listener could not be opened; {@link RelayService#stateReason()} says why. */
    FAILED,
    /** Listeners closed, established connections finishing. */
    STOPPING,
    /** Listeners and connections closed. */
    STOPPED
}
