package org.asyncrelay.api;

import java.util.Locale;

/** What a service relays on its port. */
public enum Protocol {
    TCP,
    UDP,
    BOTH;

    public boolean carriesTcp() {
        return this != UDP;
    }

    public boolean carriesUdp() {
        return this != TCP;
    }

    /** The lower-case word used in configuration files. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a configuration value ({@code tcp}, {@code udp}, {@code both}), case-insensitively. */
    public static Protocol fromConfigValue(String value) {
        for (Protocol p : values()) {
            if (p.configValue().equalsIgnoreCase(value.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("expected one of tcp, udp, both, got \"" + value + "\"");
    }
}
