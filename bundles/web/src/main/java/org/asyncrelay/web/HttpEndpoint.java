package org.asyncrelay.web;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.settings.SettingValues;
import org.asyncrelay.api.settings.WebUiSettings;
import org.asyncrelay.api.status.ServiceStatus;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.HttpServiceRuntimeConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI's own Jetty, beside Karaf's HTTP port: one factory configuration of Felix HTTP,
 * {@code org.apache.felix.http~relayui}, created while the UI is enabled and deleted when it is
 * not. Felix HTTP rebinds that Jetty alone when its address or port changes.
 */
@Component(
        service = {},
        configurationPid = RelayPids.WEB_UI,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class HttpEndpoint {

    static final String FELIX_HTTP_FACTORY = "org.apache.felix.http";
    static final String RUNTIME_NAME = "relayui";
    /** Every whiteboard service of the UI carries this target: it must not appear on Karaf's own port. */
    static final String TARGET = WebUiSettings.HTTP_TARGET;

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);

    private final ConfigurationAdmin cm;

    @Activate
    public HttpEndpoint(@Reference ConfigurationAdmin cm, Map<String, Object> properties) {
        this.cm = cm;
        apply(settings(properties));
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(settings(properties));
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    /** Jetty registers the runtime once it listens, and drops it when it cannot bind (port in use). */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            target = TARGET)
    void bindRuntime(HttpServiceRuntime runtime, Map<String, Object> properties) {
        LOG.info("web UI and REST API listening on {}", endpoints(properties));
    }

    void unbindRuntime(HttpServiceRuntime runtime, Map<String, Object> properties) {
        LOG.info("web UI endpoint {} closed", endpoints(properties));
    }

    private static String endpoints(Map<String, Object> properties) {
        Object e = properties.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        return e instanceof String[] a ? String.join(", ", a) : String.valueOf(e);
    }

    private static SettingValues settings(Map<String, Object> properties) {
        SettingValues s = WebUiSettings.of(properties);
        s.problems().forEach(p -> LOG.error("web UI: {}", p));
        return s;
    }

    private synchronized void apply(SettingValues config) {
        int port = config.get(WebUiSettings.PORT);
        String address = config.get(WebUiSettings.LISTEN_ADDRESS);
        if (!config.get(WebUiSettings.ENABLED)) {
            stop();
            return;
        }
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("org.osgi.service.http.port", port);
        p.put("org.apache.felix.http.host", address);
        p.put("org.apache.felix.http.name", RUNTIME_NAME);
        p.put("org.apache.felix.http.runtime.init." + RUNTIME_NAME, "true");
        // explicitly: Felix's Jetty takes a factory instance's missing keys from the framework's
        // properties, and bin/relay sets org.apache.felix.http.enable=false there when the web
        // console is off (its default since #17); the web UI stayed dark then
        p.put("org.apache.felix.http.enable", true);
        p.put("org.apache.felix.https.enable", false);
        p.put("org.apache.felix.http.jetty.sendServerHeader", false);
        try {
            Configuration c = cm.getFactoryConfiguration(FELIX_HTTP_FACTORY, RUNTIME_NAME, "?");
            if (!same(c.getProperties(), p)) {
                c.update(p);
                LOG.info("web UI: starting on http://{}/", ServiceStatus.hostPort(address, port));
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("web UI: cannot configure its HTTP endpoint: {}", e.toString());
        }
    }

    private void stop() {
        try {
            Configuration[] existing =
                    cm.listConfigurations("(service.pid=" + FELIX_HTTP_FACTORY + "~" + RUNTIME_NAME + ")");
            if (existing != null) {
                for (Configuration c : existing) {
                    c.delete();
                }
                LOG.info("web UI disabled");
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException | RuntimeException e) {
            LOG.error("web UI: cannot stop its HTTP endpoint: {}", e.toString());
        }
    }

    private static boolean same(Dictionary<String, Object> current, Hashtable<String, Object> wanted) {
        if (current == null) {
            return false;
        }
        for (String key : wanted.keySet()) {
            if (!Objects.equals(String.valueOf(current.get(key)), String.valueOf(wanted.get(key)))) {
                return false;
            }
        }
        return true;
    }
}
