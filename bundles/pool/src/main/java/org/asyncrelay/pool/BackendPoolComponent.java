package org.asyncrelay.pool;

import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.ProbePayload;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.settings.ServiceSettings;
import org.asyncrelay.api.settings.SettingValues;
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

    /**
     * Health check settings that change the probes; equal settings keep them running.
     *
     * @param udpSend the UDP probe's payload as written, empty: no UDP probe
     */
    record Checks(boolean enabled, Duration interval, Duration timeout, boolean tcp, String udpSend, String udpExpect) {
        static Checks of(SettingValues s) {
            Protocol protocol = Protocol.fromConfigValue(s.get(ServiceSettings.PROTOCOL));
            // a TCP connect says nothing of a UDP-only service (#5); a UDP one needs a payload (#19)
            boolean tcp = protocol.carriesTcp();
            String udpSend = protocol.carriesUdp() ? s.get(ServiceSettings.HEALTH_CHECK_UDP_SEND) : "";
            boolean on = s.get(ServiceSettings.HEALTH_CHECK_ENABLED) && (tcp || !udpSend.isEmpty());
            Duration interval = s.duration(ServiceSettings.HEALTH_CHECK_INTERVAL);
            Duration timeout = s.duration(ServiceSettings.HEALTH_CHECK_TIMEOUT);
            return new Checks(
                    on,
                    interval,
                    timeout.compareTo(interval) > 0 ? interval : timeout,
                    tcp,
                    udpSend,
                    s.get(ServiceSettings.HEALTH_CHECK_UDP_EXPECT));
        }

        HealthChecker start(ServiceBackendPool pool) {
            return new HealthChecker(
                    pool,
                    interval,
                    timeout,
                    tcp,
                    udpSend.isEmpty() ? null : ProbePayload.parse(udpSend),
                    udpExpect.isEmpty() ? new byte[0] : ProbePayload.parse(udpExpect));
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
            @Reference PoolEventHistory history,
            @Reference ResolverSlot resolver,
            Map<String, Object> properties) {
        this.name = RelayPids.serviceName(properties);
        SettingValues config = settings(properties);
        Clock clock = Clock.systemUTC();
        this.pool = new ServiceBackendPool(
                name,
                new BackendQueue(
                        config.get(ServiceSettings.BACKENDS), config.duration(ServiceSettings.BACKEND_COOLDOWN), clock),
                new AddressLookup(resolver),
                new EventAdminPoolEvents(eventAdmin, history, clock));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(RelayPids.SERVICE_NAME_PROPERTY, name);
        pool.failback(config.get(ServiceSettings.FAILBACK), config.duration(ServiceSettings.SLOW_START));
        this.registration = context.registerService(BackendPool.class, pool, props);
        applyChecks(Checks.of(config));
        LOG.debug("relay {}: backend pool {}", name, pool.backends());
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) {
        SettingValues config = settings(properties);
        pool.reconfigure(config.get(ServiceSettings.BACKENDS), config.duration(ServiceSettings.BACKEND_COOLDOWN));
        pool.failback(config.get(ServiceSettings.FAILBACK), config.duration(ServiceSettings.SLOW_START));
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
            checker = next.start(pool);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        if (checker != null) {
            checker.close();
        }
        registration.unregister();
    }

    /** The engine logs what does not fit: the pool reads the same configuration. */
    private static SettingValues settings(Map<String, Object> properties) {
        return ServiceSettings.of(properties);
    }
}
