package org.asyncrelay.engine;

import java.util.Hashtable;
import java.util.Map;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.settings.ServiceSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relay service per {@code org.asyncrelay.service} configuration. It finds its backend pool by
 * {@value RelayPids#SERVICE_NAME_PROPERTY}; {@link Modified} keeps connections unless the listener
 * changed.
 */
@Component(
        service = {},
        configurationPid = RelayPids.SERVICE_FACTORY,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class RelayServiceComponent {

    private static final Logger LOG = LoggerFactory.getLogger(RelayServiceComponent.class);

    private final EventLoops loops;
    private final ServiceTracker<BackendPool, BackendPool> poolTracker;
    private final ServiceRuntime runtime;
    private final ServiceRegistration<RelayService> registration;
    private volatile BackendPool pool;

    @Activate
    public RelayServiceComponent(
            BundleContext context,
            @Reference EventLoops loops,
            @Reference AccessLog accessLog,
            Map<String, Object> properties) {
        this.loops = loops;
        ServiceRuntime.Definition definition = definition(properties);
        // the pool comes from the same configuration but another bundle: listen once it is there,
        // so that no client is accepted only to be closed for want of a backend
        this.poolTracker = new ServiceTracker<>(context, poolFilter(definition.name()), null) {
            @Override
            public BackendPool addingService(org.osgi.framework.ServiceReference<BackendPool> reference) {
                BackendPool added = super.addingService(reference);
                // before the listener opens: the tracker itself holds the pool only once this method
                // has returned, and a client accepted in between was closed for want of a backend,
                // with its unread bytes turning the close into a reset (RelayLauncherIT, once)
                pool = added;
                startOnce();
                return added;
            }

            @Override
            public void removedService(org.osgi.framework.ServiceReference<BackendPool> reference, BackendPool gone) {
                if (pool == gone) {
                    pool = null;
                }
                super.removedService(reference, gone);
            }
        };
        this.runtime =
                new ServiceRuntime(loops, () -> pool, ConnectionObserver.DEBUG_LOG.andThen(accessLog), definition);
        poolTracker.open();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(RelayPids.SERVICE_NAME_PROPERTY, definition.name());
        this.registration = context.registerService(RelayService.class, runtime, props);
    }

    private void startOnce() {
        if (runtime != null && runtime.state() == org.asyncrelay.api.ServiceState.STARTING) {
            runtime.start();
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        ServiceRuntime.Definition next = definition(properties);
        if (!next.name().equals(runtime.name())) {
            LOG.warn(
                    "relay {}: renaming a service needs a new configuration; name {} ignored",
                    runtime.name(),
                    next.name());
            next = new ServiceRuntime.Definition(
                    runtime.name(),
                    next.protocol(),
                    next.listenAddress(),
                    next.listenPort(),
                    next.backlog(),
                    next.splice(),
                    next.backends(),
                    next.settings());
        }
        runtime.update(next, loops.removalGrace());
    }

    @Deactivate
    void deactivate(int reason) {
        registration.unregister();
        if (reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED) {
            runtime.stop(loops.removalGrace(), false);
        } else {
            runtime.stop(loops.shutdownGrace(), true);
        }
        poolTracker.close();
    }

    static ServiceRuntime.Definition definition(Map<String, Object> properties) {
        String name = RelayPids.serviceName(properties);
        SettingValues s = ServiceSettings.of(properties);
        s.problems().forEach(p -> LOG.error("relay {}: {}", name, p));
        Integer port = s.get(ServiceSettings.LISTEN_PORT);
        return new ServiceRuntime.Definition(
                name,
                Protocol.fromConfigValue(s.get(ServiceSettings.PROTOCOL)),
                s.get(ServiceSettings.LISTEN_ADDRESS),
                port == null ? 0 : port,
                s.get(ServiceSettings.LISTEN_BACKLOG),
                s.get(ServiceSettings.SPLICE),
                s.get(ServiceSettings.BACKENDS),
                s);
    }

    private static Filter poolFilter(String name) {
        try {
            return FrameworkUtil.createFilter("(&(" + Constants.OBJECTCLASS + "=" + BackendPool.class.getName() + ")("
                    + RelayPids.SERVICE_NAME_PROPERTY + "=" + RelayPids.filterValue(name) + "))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("service name " + name + ": " + e.getMessage(), e);
        }
    }
}
