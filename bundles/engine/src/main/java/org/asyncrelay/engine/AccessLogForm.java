package org.asyncrelay.engine;

import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.settings.AccessLogSettings;
import org.asyncrelay.api.settings.SettingsMetaType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.MetaTypeProvider;

/** The web console's form for configuration {@value RelayPids#ACCESS_LOG}, from {@link AccessLogSettings}. */
@Component(service = MetaTypeProvider.class, property = MetaTypeProvider.METATYPE_PID + "=" + RelayPids.ACCESS_LOG)
public class AccessLogForm extends SettingsMetaType {

    public AccessLogForm() {
        super(
                RelayPids.ACCESS_LOG,
                "async-relay access log",
                "A line per closed TCP connection and per ended UDP session, on logger "
                        + AccessLogSettings.LOGGER
                        + " (YAML: access_log).",
                AccessLogSettings.ALL,
                null);
    }
}
