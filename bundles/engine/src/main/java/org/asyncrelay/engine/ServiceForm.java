package org.asyncrelay.engine;

import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.settings.ServiceSettings;
import org.asyncrelay.api.settings.SettingsMetaType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.MetaTypeProvider;

/** The web console's form for {@value RelayPids#SERVICE_FACTORY} configurations, from {@link ServiceSettings}. */
@Component(
        service = MetaTypeProvider.class,
        property = MetaTypeProvider.METATYPE_FACTORY_PID + "=" + RelayPids.SERVICE_FACTORY)
public class ServiceForm extends SettingsMetaType {

    public ServiceForm() {
        super(
                RelayPids.SERVICE_FACTORY,
                "async-relay service",
                "One relay service: a listener and the ordered backends it fails over between.",
                ServiceSettings.ALL,
                ServiceSettings.NAME_HINT);
    }
}
