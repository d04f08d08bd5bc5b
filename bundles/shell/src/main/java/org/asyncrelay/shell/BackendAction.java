package org.asyncrelay.shell;

import java.util.Collection;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.RelayPids;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** What the operator commands on one backend share: finding the service's pool and the backend. */
abstract class BackendAction implements Action {

    @Argument(index = 0, name = "service", description = "The relay service", required = true)
    @Completion(ServiceNameCompleter.class)
    String service;

    @Argument(index = 1, name = "backend", description = "host:port or [ipv6]:port, as configured", required = true)
    @Completion(BackendNameCompleter.class)
    String backend;

    @Reference
    BundleContext context;

    /** Applies the action; false when the pool does not know the backend. */
    abstract boolean apply(BackendPool pool, BackendAddress backend);

    abstract String done();

    @Override
    public Object execute() throws Exception {
        BackendAddress address;
        try {
            address = BackendAddress.parse(backend);
        } catch (IllegalArgumentException e) {
            System.err.println("Backend " + backend + ": " + e.getMessage());
            return null;
        }
        Collection<ServiceReference<BackendPool>> refs = context.getServiceReferences(
                BackendPool.class, "(" + RelayPids.SERVICE_NAME_PROPERTY + "=" + RelayPids.filterValue(service) + ")");
        if (refs.isEmpty()) {
            System.err.println("No relay service named " + service);
            return null;
        }
        ServiceReference<BackendPool> ref = refs.iterator().next();
        try {
            if (apply(context.getService(ref), address)) {
                System.out.println("relay " + service + ": backend " + address + " " + done());
            } else {
                System.err.println("relay " + service + " has no backend " + address);
            }
        } finally {
            context.ungetService(ref);
        }
        return null;
    }
}
