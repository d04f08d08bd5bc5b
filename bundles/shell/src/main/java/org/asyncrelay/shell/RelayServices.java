package org.asyncrelay.shell;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.asyncrelay.api.RelayService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** The relay services registered now, by name. */
final class RelayServices {

    private RelayServices() {}

    static List<RelayService> all(BundleContext context) {
        Collection<ServiceReference<RelayService>> refs;
        try {
            refs = context.getServiceReferences(RelayService.class, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<RelayService> services = new ArrayList<>();
        for (ServiceReference<RelayService> ref : refs) {
            RelayService s = context.getService(ref);
            if (s != null) {
                services.add(s);
                context.ungetService(ref);
            }
        }
        services.sort(Comparator.comparing(RelayService::name));
        return services;
    }
}
