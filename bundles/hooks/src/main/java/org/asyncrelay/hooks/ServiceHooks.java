package org.asyncrelay.hooks;

import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.asyncrelay.api.RelayEvents;
import org.asyncrelay.api.RelayPids;
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

    @interface HookConfig {
        String event_hook_command() default "";

        String[] event_hook_args() default {};

        String[] event_hook_events() default {
            RelayEvents.BACKEND_FAILED, RelayEvents.ALL_BACKENDS_UNAVAILABLE, RelayEvents.BACKEND_RECOVERED
        };

        int event_hook_timeout() default 30;
    }

    private final String service;
    private final HookQueue queue;
    private final ServiceRegistration<EventHandler> registration;

    @Activate
    public ServiceHooks(
            BundleContext context, @Reference HookExecutor executor, HookConfig config, Map<String, Object> props) {
        this.service = RelayPids.serviceName(props);
        this.queue = new HookQueue(service, executor, settings(config));
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(EventConstants.EVENT_TOPIC, RelayEvents.TOPIC_ALL);
        p.put(EventConstants.EVENT_FILTER, "(" + RelayEvents.SERVICE + "=" + RelayPids.filterValue(service) + ")");
        this.registration = context.registerService(EventHandler.class, this, p);
    }

    @Modified
    void modified(HookConfig config) {
        HookSettings next = settings(config);
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

    static HookSettings settings(HookConfig c) {
        String command =
                c.event_hook_command() == null ? "" : c.event_hook_command().trim();
        if (command.isEmpty()) {
            return HookSettings.NONE;
        }
        Set<String> events = new LinkedHashSet<>(Arrays.asList(c.event_hook_events()));
        return new HookSettings(
                command, List.of(c.event_hook_args()), events, Duration.ofSeconds(Math.max(1, c.event_hook_timeout())));
    }
}
