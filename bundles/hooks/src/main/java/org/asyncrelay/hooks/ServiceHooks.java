package org.asyncrelay.hooks;

import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.Map;
import org.asyncrelay.api.RelayEvents;
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
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event hook of one service configuration: subscribes to that service's backend events and
 * runs its command for them, in order, through a {@link HookQueue}. A changed
 * {@code event.hook.*} applies to the next event ({@link Modified}).
 */
@Component(
        service = {},
        configurationPid = RelayPids.SERVICE_FACTORY,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class ServiceHooks implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceHooks.class);

    private final String service;
    private final HookQueue queue;
    private final ServiceRegistration<EventHandler> registration;

    @Activate
    public ServiceHooks(BundleContext context, @Reference HookExecutor executor, Map<String, Object> props) {
        this.service = RelayPids.serviceName(props);
        this.queue = new HookQueue(service, executor, settings(props));
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(EventConstants.EVENT_TOPIC, RelayEvents.TOPIC_ALL);
        p.put(EventConstants.EVENT_FILTER, "(" + RelayEvents.SERVICE + "=" + RelayPids.filterValue(service) + ")");
        this.registration = context.registerService(EventHandler.class, this, p);
    }

    @Modified
    void modified(Map<String, Object> props) {
        HookSettings next = settings(props);
        if (!next.equals(queue.settings())) {
            queue.settings(next);
            LOG.info(
                    "relay {}: event hook {}",
                    service,
                    next.command().isEmpty() ? "removed" : "now " + next.commandLine());
        }
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        queue.clear();
    }

    @Override
    public void handleEvent(Event event) {
        queue.offer(HookEvent.of(event));
    }

    static HookSettings settings(Map<String, Object> props) {
        SettingValues s = ServiceSettings.of(props);
        String command = s.get(ServiceSettings.EVENT_HOOK_COMMAND).trim();
        if (command.isEmpty()) {
            return HookSettings.NONE;
        }
        return new HookSettings(
                command,
                s.get(ServiceSettings.EVENT_HOOK_ARGS),
                new LinkedHashSet<>(s.get(ServiceSettings.EVENT_HOOK_EVENTS)),
                s.duration(ServiceSettings.EVENT_HOOK_TIMEOUT));
    }
}
