package org.asyncrelay.pool;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.RelayPids;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backend pool per service configuration. Registered by hand rather than by DS so that the
 * registration carries {@value RelayPids#SERVICE_NAME_PROPERTY}, which the engine filters on.
 */
@Component(configurationPid = RelayPids.SERVICE_FACTORY, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class BackendPoolComponent {

    /** The part of a service configuration the pool reads; the full form is the engine's metatype. */
    @interface PoolConfig {
        String[] backends() default {};

        long backend_cooldown() default 1800;
    }

    private static final Logger LOG = LoggerFactory.getLogger(BackendPoolComponent.class);

    private final String name;
    private final ThreadPoolExecutor lookups;
    private final ServiceBackendPool pool;
    private final ServiceRegistration<BackendPool> registration;

    @Activate
    public BackendPoolComponent(
            BundleContext context,
            @Reference EventAdmin eventAdmin,
            PoolConfig config,
            Map<String, Object> properties) {
        this.name = RelayPids.serviceName(properties);
        this.lookups = new ThreadPoolExecutor(0, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "relay-dns-" + name);
            t.setDaemon(true);
            return t;
        });
        Clock clock = Clock.systemUTC();
        this.pool = new ServiceBackendPool(
                name,
                new BackendQueue(backends(config), cooldown(config), clock),
                new AddressLookup(lookups, clock),
                new EventAdminPoolEvents(eventAdmin, clock));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(RelayPids.SERVICE_NAME_PROPERTY, name);
        this.registration = context.registerService(BackendPool.class, pool, props);
        LOG.debug("relay {}: backend pool {}", name, pool.backends());
    }

    @Modified
    void modified(PoolConfig config) {
        pool.reconfigure(backends(config), cooldown(config));
        LOG.debug("relay {}: backend pool reconfigured, {}", name, pool.backends());
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        lookups.shutdownNow();
    }

    private List<BackendAddress> backends(PoolConfig config) {
        List<BackendAddress> result = new ArrayList<>();
        for (String text : BackendAddress.entries(config.backends())) {
            try {
                result.add(BackendAddress.parse(text));
            } catch (IllegalArgumentException e) {
                LOG.error("relay {}: backend \"{}\" ignored: {}", name, text, e.getMessage());
            }
        }
        return result;
    }

    private static Duration cooldown(PoolConfig config) {
        return Duration.ofSeconds(Math.max(0, config.backend_cooldown()));
    }
}
