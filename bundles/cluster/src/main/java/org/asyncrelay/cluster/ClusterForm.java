package org.asyncrelay.cluster;

import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.settings.ClusterSettings;
import org.asyncrelay.api.settings.SettingsMetaType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.MetaTypeProvider;

/** The web console's form for configuration {@value RelayPids#CLUSTER}, from {@link ClusterSettings}. */
@Component(service = MetaTypeProvider.class, property = MetaTypeProvider.METATYPE_PID + "=" + RelayPids.CLUSTER)
public class ClusterForm extends SettingsMetaType {

    public ClusterForm() {
        super(
                RelayPids.CLUSTER,
                "async-relay cluster",
                "This relay as a member of a cluster sharing configuration and backend state (YAML: cluster).",
                ClusterSettings.ALL,
                null);
    }
}
