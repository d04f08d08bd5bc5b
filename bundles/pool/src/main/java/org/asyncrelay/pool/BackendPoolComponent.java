package org.asyncrelay.pool;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendResolver;
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

        String protocol() default "both";

        boolean failback() default false;

        boolean health_check_enabled() default false;

        int health_check_interval() default 60;

        int health_check_timeout() default 5;
    }

    /** Health check settings that change the probes; equal settings keep them running. */
    record Checks(boolean enabled, Duration interval, Duration timeout) {
        static Checks of(PoolConfig c) {
            // #5: health checks are TCP probes, meaningless for a UDP-only service
            boolean on = c.health_check_enabled()
                    && !"udp".equalsIgnoreCase(c.protocol().trim());
            Duration interval = Duration.ofSeconds(Math.max(1, c.health_check_interval()));
            Duration timeout =
                    Duration.ofSeconds(Math.max(1, Math.min(c.health_check_timeout(), c.health_check_interval())));
            return new Checks(on, interval, timeout);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(BackendPoolComponent.class);

    private final String name;
    private final ServiceBackendPool pool;
    private final ServiceRegistration<BackendPool> registration;
    private Checks checks;
    private HealthChecker checker;

    @Activate
    public BackendPoolComponent(
            BundleContext context,
            @Reference EventAdmin eventAdmin,
            @Reference BackendResolver resolver,
            PoolConfig config,
            Map<String, Object> properties) {
        this.name = RelayPids.serviceName(properties);
        Clock clock = Clock.systemUTC();
        this.pool = new ServiceBackendPool(
                name,
                new BackendQueue(backends(config), cooldown(config), clock),
                new AddressLookup(resolver),
                new EventAdminPoolEvents(eventAdmin, clock));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(RelayPids.SERVICE_NAME_PROPERTY, name);
        pool.failback(config.failback());
        this.registration = context.registerService(BackendPool.class, pool, props);
        applyChecks(Checks.of(config));
        LOG.debug("relay {}: backend pool {}", name, pool.backends());
    }

    @Modified
    synchronized void modified(PoolConfig config) {
        pool.reconfigure(backends(config), cooldown(config));
        pool.failback(config.failback());
        applyChecks(Checks.of(config));
        LOG.debug("relay {}: backend pool reconfigured, {}", name, pool.backends());
    }

    private synchronized void applyChecks(Checks next) {
        if (next.equals(checks)) {
            if (checker != null) {
                checker.sync(pool.backendList());
            }
            return;
        }
        if (checker != null) {
            checker.close();
            checker = null;
        }
        checks = next;
        pool.healthCheckEnabled(next.enabled());
        if (next.enabled()) {
            checker = new HealthChecker(pool, next.interval(), next.timeout());
        }
    }

    @Deactivate
    synchronized void deactivate() {
        if (checker != null) {
            checker.close();
        }
        registration.unregister();
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
