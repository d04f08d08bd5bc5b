package org.asyncrelay.config.parts;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.settings.SettingValues;
import org.asyncrelay.api.settings.WebUiSettings;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the parts of the product distribution that bin/relay leaves out unless asked (#17: with
 * all of them a relay took 5.4 s and 210 MB to start, without them 2.7 s and 130 MB, and 0.35 s and
 * 16 MB less again without Karaf's shell). Each part has a start level of its own above the
 * framework's. Karaf's shell is installed at start but not started; the bundles of every other part
 * are not even installed (the build lists them in {@code etc/relay-parts.properties}: installed and
 * resolved unused, they cost 0.3 s of the start and 8 MB): this installs them when their part is
 * asked for, then moves a part's bundles to the level of the others, and the framework starts them.
 * The web UI's part starts when the web UI is turned on, also later by a reload. In a Karaf not
 * started by bin/relay this does nothing.
 */
@Component(configurationPid = RelayPids.WEB_UI, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class OptionalParts {

    private static final Logger LOG = LoggerFactory.getLogger(OptionalParts.class);
    /** Where Karaf's features put the bundles of a started distribution. */
    static final int STARTED_LEVEL = 80;

    /** Each part, at the start level its bundles are installed at (karaf-assembly/pom.xml). */
    enum Part {
        /** Karaf's shell and its commands, which also bring the MBeans of bundles, system and log. */
        KARAF_SHELL(110),
        SSH(111),
        JMX(112),
        HTTP(113),
        WEB_CONSOLE(114),
        FEATURES(115),
        WEB_CONSOLE_FEATURES(116),
        /** #21: Hazelcast and the cluster bundle, started when the file has a cluster block. */
        CLUSTER(117);

        final int level;

        Part(int level) {
            this.level = level;
        }

        static Part atLevel(int level) {
            for (Part p : values()) {
                if (p.level == level) {
                    return p;
                }
            }
            return null;
        }
    }

    private final BundleContext context;

    @Activate
    public OptionalParts(BundleContext context, Map<String, Object> webUi) {
        this.context = context;
        apply(webUi);
    }

    @Modified
    void apply(Map<String, Object> webUi) {
        boolean webUiOn = SettingValues.fromProperties(WebUiSettings.ALL, webUi).get(WebUiSettings.ENABLED);
        start(context, wanted(context::getProperty, webUiOn));
    }

    /** The parts that bin/relay's settings ({@code asyncrelay.<part>.enabled}) and the web UI ask for. */
    static Set<Part> wanted(UnaryOperator<String> properties, boolean webUiOn) {
        Set<Part> parts = EnumSet.noneOf(Part.class);
        if (properties.apply("asyncrelay.http.enabled") == null) {
            // not started by bin/relay (which sets every switch): a Karaf of the user's own, whose
            // bundles at these start levels are none of this component's business
            return parts;
        }
        boolean console = on(properties, "asyncrelay.http.enabled");
        boolean features = on(properties, "asyncrelay.features.enabled");
        if (on(properties, "asyncrelay.ssh.enabled")) {
            parts.add(Part.SSH);
        }
        if (on(properties, "asyncrelay.jmx.enabled")) {
            parts.add(Part.JMX);
        }
        if (console || webUiOn) {
            parts.add(Part.HTTP);
        }
        if (console) {
            parts.add(Part.WEB_CONSOLE);
        }
        if (features) {
            parts.add(Part.FEATURES);
        }
        if (console && features) {
            parts.add(Part.WEB_CONSOLE_FEATURES);
        }
        // whatever reaches into Karaf (the ssh shell, JMX, the console's gogo page, feature:*) uses
        // Karaf's shell and command bundles; the relay alone does not
        if (parts.contains(Part.SSH)
                || parts.contains(Part.JMX)
                || parts.contains(Part.WEB_CONSOLE)
                || parts.contains(Part.FEATURES)) {
            parts.add(Part.KARAF_SHELL);
        }
        return parts;
    }

    private static boolean on(UnaryOperator<String> properties, String key) {
        return Boolean.parseBoolean(properties.apply(key));
    }

    static void start(BundleContext context, Set<Part> parts) {
        PartBundles.install(context, parts);
        Set<Part> started = EnumSet.noneOf(Part.class);
        for (Bundle b : context.getBundles()) {
            BundleStartLevel level = b.adapt(BundleStartLevel.class);
            Part part = level == null ? null : Part.atLevel(level.getStartLevel());
            if (part == null || !parts.contains(part)) {
                continue;
            }
            // the framework starts it in its own thread: Karaf's launcher marked every bundle to be
            // started; a start from here, inside a component's activation, deadlocked with the
            // features service's activator, which waits for bundles to start in another thread
            level.setStartLevel(STARTED_LEVEL);
            started.add(part);
        }
        if (!started.isEmpty()) {
            LOG.info("starting {}, left out unless asked for", started);
        }
    }
}
