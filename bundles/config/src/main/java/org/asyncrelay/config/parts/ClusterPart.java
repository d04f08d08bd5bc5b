package org.asyncrelay.config.parts;

import java.util.EnumSet;
import org.asyncrelay.api.RelayPids;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * #21: starts the distribution's cluster part (Hazelcast, about 20 MB of classes, and the cluster
 * bundle) once the file has a {@code cluster} block, written to {@value RelayPids#CLUSTER}; a relay
 * on its own never loads it. Started once, it stays until the relay stops.
 */
@Component(configurationPid = RelayPids.CLUSTER, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class ClusterPart {

    @Activate
    public ClusterPart(BundleContext context) {
        if (context.getProperty("asyncrelay.http.enabled") != null) {
            OptionalParts.start(context, EnumSet.of(OptionalParts.Part.CLUSTER));
        }
    }
}
