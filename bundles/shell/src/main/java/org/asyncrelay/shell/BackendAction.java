package org.asyncrelay.shell;

import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.status.Unknown;

/** What the operator commands on one backend share: finding the service's pool and the backend. */
abstract class BackendAction implements Action {

    @Argument(index = 0, name = "service", description = "The relay service", required = true)
    @Completion(ServiceNameCompleter.class)
    String service;

    @Argument(index = 1, name = "backend", description = "host:port or [ipv6]:port, as configured", required = true)
    @Completion(BackendNameCompleter.class)
    String backend;

    @Reference
    List<RelayService> services;

    /** Applies the action; false when the pool does not know the backend. */
    abstract boolean apply(BackendPool pool, BackendAddress backend);

    abstract String done();

    @Override
    public Object execute() throws Exception {
        BackendAddress address;
        try {
            address = BackendAddress.parse(backend);
        } catch (IllegalArgumentException e) {
            throw new CommandException("Backend " + backend + ": " + e.getMessage());
        }
        Optional<RelayService> named = RelayServices.named(services, service);
        Optional<BackendPool> pool = named.flatMap(RelayService::pool);
        if (pool.isEmpty()) {
            throw new CommandException(Unknown.service(services, service));
        }
        if (!apply(pool.get(), address)) {
            throw new CommandException(Unknown.backend(named.get(), address));
        }
        System.out.println("relay " + service + ": backend " + address + " " + done());
        return null;
    }
}
