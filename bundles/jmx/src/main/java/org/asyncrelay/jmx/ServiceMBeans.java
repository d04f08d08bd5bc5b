package org.asyncrelay.jmx;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.DynamicMBean;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.asyncrelay.api.ConfigFile;
import org.asyncrelay.api.RelayService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers an MBean per relay service as an OSGi service with property {@value #OBJECT_NAME}:
 * Karaf's JMX whiteboard puts it in the MBean server, where Karaf's JMX access control
 * ({@code etc/jmx.acl*.cfg}) applies to it like to Karaf's own.
 */
@Component(service = {})
public class ServiceMBeans {

    static final String OBJECT_NAME = "jmx.objectname";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceMBeans.class);

    private final BundleContext context;
    private final Map<RelayService, ServiceRegistration<DynamicMBean>> registered = new ConcurrentHashMap<>();
    private volatile boolean active;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigFile configFile;

    @Activate
    public ServiceMBeans(BundleContext context) {
        this.context = context;
        this.active = true;
    }

    /** {@code org.asyncrelay:type=service,name=<name>}, the name quoted when it needs to be. */
    static ObjectName objectName(String service) {
        try {
            return new ObjectName("org.asyncrelay:type=service,name=" + service);
        } catch (javax.management.MalformedObjectNameException e) {
            try {
                return new ObjectName("org.asyncrelay:type=service,name=" + ObjectName.quote(service));
            } catch (javax.management.MalformedObjectNameException impossible) {
                throw new IllegalArgumentException(impossible);
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindService(RelayService service) {
        try {
            StandardMBean mbean =
                    new StandardMBean(new ServiceMBean(service, () -> configFile), ServiceMXBean.class, true);
            Hashtable<String, Object> p = new Hashtable<>();
            p.put(OBJECT_NAME, objectName(service.name()).getCanonicalName());
            registered.put(service, context.registerService(DynamicMBean.class, mbean, p));
            LOG.debug("relay {}: MBean {}", service.name(), p.get(OBJECT_NAME));
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.warn("relay {}: no MBean: {}", service.name(), e.toString());
        }
    }

    void unbindService(RelayService service) {
        ServiceRegistration<DynamicMBean> r = registered.remove(service);
        if (r != null && active) {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // the bundle is stopping: the framework unregisters it
            }
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        registered.values().forEach(r -> {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // already gone with the bundle
            }
        });
        registered.clear();
    }
}
