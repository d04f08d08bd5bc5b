package org.asyncrelay.config.model;

import java.util.List;

/** A whole configuration file, validated, defaults applied. */
public record RelayConfiguration(WebUiSettings webUi, List<ServiceDefinition> services) {

    public RelayConfiguration {
        services = List.copyOf(services);
    }
}
