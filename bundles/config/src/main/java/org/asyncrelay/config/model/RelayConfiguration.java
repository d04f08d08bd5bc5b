package org.asyncrelay.config.model;

import java.util.List;
import org.asyncrelay.api.settings.AccessLogSettings;
import org.asyncrelay.api.settings.ServiceSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.asyncrelay.api.settings.WebUiSettings;

/**
 * A whole configuration file, validated, defaults applied: its {@code web_ui} block by {@link
 * WebUiSettings#ALL}, its {@code access_log} block by {@link AccessLogSettings#ALL} and each of its
 * {@code services} by {@link ServiceSettings#ALL}; its {@code cluster} block (#21), if any, by
 * {@link org.asyncrelay.api.settings.ClusterSettings#ALL}.
 */
public record RelayConfiguration(
        SettingValues webUi,
        SettingValues accessLog,
        List<SettingValues> services,
        java.util.Optional<SettingValues> cluster) {

    public RelayConfiguration {
        services = List.copyOf(services);
    }

    /** A relay on its own: no {@code cluster} block. */
    public RelayConfiguration(SettingValues webUi, SettingValues accessLog, List<SettingValues> services) {
        this(webUi, accessLog, services, java.util.Optional.empty());
    }

    /** The names of the services, in file order. */
    public List<String> serviceNames() {
        return services.stream().map(s -> s.get(ServiceSettings.NAME)).toList();
    }
}
