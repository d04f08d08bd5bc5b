package org.asyncrelay.web;

import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.settings.SettingsMetaType;
import org.asyncrelay.api.settings.WebUiSettings;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.MetaTypeProvider;

/** The web console's form for configuration {@value RelayPids#WEB_UI}, from {@link WebUiSettings}. */
@Component(service = MetaTypeProvider.class, property = MetaTypeProvider.METATYPE_PID + "=" + RelayPids.WEB_UI)
public class WebUiForm extends SettingsMetaType {

    public WebUiForm() {
        super(
                RelayPids.WEB_UI,
                "async-relay web UI",
                "The web UI and REST API: where they listen and how they authenticate (YAML: web_ui).",
                WebUiSettings.ALL,
                null);
    }
}
