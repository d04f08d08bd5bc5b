package org.asyncrelay.config.model;

/** TCP connect probes of a service's backends; intervals in seconds. */
public record HealthCheckSettings(boolean enabled, int interval, int timeout) {

    public static final HealthCheckSettings DEFAULTS = new HealthCheckSettings(false, 60, 5);
}
