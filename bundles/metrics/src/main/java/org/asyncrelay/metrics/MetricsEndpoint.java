package org.asyncrelay.metrics;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.servlet.Servlet;
import org.asyncrelay.api.ConfigFile;
import org.asyncrelay.api.HookHistory;
import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.settings.WebUiSettings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /metrics} on the web UI's endpoint, behind its authentication, while the web UI is
 * on, and on Karaf's HTTP port while it is off. The servlet is registered here rather than by DS,
 * so that it moves between the two when the web UI is switched, without restarting anything else.
 */
@Component(
        service = {},
        configurationPid = RelayPids.WEB_UI,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class MetricsEndpoint {

    static final String PATH = "/metrics";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final BundleContext context;
    private final MetricsServlet servlet = new MetricsServlet(this::scrape);
    private ServiceRegistration<Servlet> registration;
    private Boolean onWebUi;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<RelayService> services;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HookHistory hooks;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigFile configFile;

    @Activate
    public MetricsEndpoint(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        apply(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties);
    }

    @Deactivate
    synchronized void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }

    MetricSnapshots scrape() {
        List<RelayService> s = services;
        return RelayMetrics.of(s == null ? List.of() : List.copyOf(s), hooks, configFile);
    }

    private synchronized void apply(Map<String, Object> properties) {
        boolean webUi = WebUiSettings.of(properties).get(WebUiSettings.ENABLED);
        if (onWebUi != null && onWebUi == webUi) {
            return;
        }
        deactivate();
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, PATH);
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "async-relay-metrics");
        if (webUi) {
            p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT, WebUiSettings.HTTP_CONTEXT_SELECT);
            p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_TARGET, WebUiSettings.HTTP_TARGET);
        } else {
            p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_TARGET, "(!" + WebUiSettings.HTTP_TARGET + ")");
        }
        registration = context.registerService(Servlet.class, servlet, p);
        onWebUi = webUi;
        LOG.info("metrics: {} on {}", PATH, webUi ? "the web UI's endpoint" : "Karaf's HTTP port");
    }
}
