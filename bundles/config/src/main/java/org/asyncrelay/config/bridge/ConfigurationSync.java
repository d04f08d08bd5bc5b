package org.asyncrelay.config.bridge;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.settings.AccessLogSettings;
import org.asyncrelay.api.settings.ClusterSettings;
import org.asyncrelay.api.settings.ServiceSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.asyncrelay.api.settings.WebUiSettings;
import org.asyncrelay.config.model.RelayConfiguration;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes ConfigAdmin hold exactly the services of a YAML file: writes what changed, deletes what
 * the file no longer names, and touches nothing it did not write.
 */
final class ConfigurationSync {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationSync.class);
    private static final Set<String> FRAMEWORK_KEYS = Set.of(
            Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID, ConfigurationAdmin.SERVICE_BUNDLELOCATION);

    private final ConfigurationAdmin cm;

    ConfigurationSync(ConfigurationAdmin cm) {
        this.cm = cm;
    }

    /** Returns how many service configurations were created, updated and deleted. */
    SyncOutcome apply(RelayConfiguration config, String source) throws IOException {
        Map<String, Configuration> existing = existingServices();
        Set<String> wanted = new HashSet<>();
        int created = 0;
        int updated = 0;
        int deleted = 0;
        for (SettingValues s : config.services()) {
            String name = s.get(ServiceSettings.NAME);
            wanted.add(name);
            Configuration current = existing.get(name);
            if (current != null && !ownedByBridge(current)) {
                LOG.warn(
                        "relay {}: {} defines a service that configuration {} (not from YAML, e.g. an etc/*.cfg drop-in) "
                                + "already defines; the drop-in wins, the YAML entry is ignored",
                        name,
                        source,
                        current.getPid());
                continue;
            }
            Dictionary<String, Object> props = ownedProperties(s);
            Configuration target =
                    current != null ? current : cm.getFactoryConfiguration(RelayPids.SERVICE_FACTORY, name, "?");
            if (current == null) {
                created++;
                target.update(props);
                LOG.info("relay {}: configuration created from {}", name, source);
            } else if (!same(current.getProperties(), props)) {
                updated++;
                target.update(props);
                LOG.info("relay {}: configuration updated from {}", name, source);
            }
        }
        for (Map.Entry<String, Configuration> e : existing.entrySet()) {
            if (!wanted.contains(e.getKey()) && ownedByBridge(e.getValue())) {
                e.getValue().delete();
                deleted++;
                LOG.info("relay {}: configuration removed, {} no longer names it", e.getKey(), source);
            }
        }
        applyGlobal(RelayPids.WEB_UI, "web_ui", config.webUi(), source, ConfigurationSync::webUiSummary);
        applyGlobal(
                RelayPids.ACCESS_LOG, "access_log", config.accessLog(), source, ConfigurationSync::accessLogSummary);
        applyCluster(config.cluster(), source);
        return new SyncOutcome(created, updated, deleted);
    }

    /** #21: the {@code cluster} block as singleton {@value RelayPids#CLUSTER}; none: that configuration removed. */
    private void applyCluster(java.util.Optional<SettingValues> cluster, String source) throws IOException {
        if (cluster.isPresent()) {
            applyGlobal(RelayPids.CLUSTER, "cluster", cluster.get(), source, ConfigurationSync::clusterSummary);
            return;
        }
        Configuration[] existing;
        try {
            existing = cm.listConfigurations("(" + Constants.SERVICE_PID + "=" + RelayPids.CLUSTER + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (existing != null && existing.length == 1 && ownedByBridge(existing[0])) {
            existing[0].delete();
            LOG.info("cluster settings removed: {} has no cluster block", source);
        }
    }

    private static String clusterSummary(SettingValues c) {
        return "\"" + c.get(ClusterSettings.NAME) + "\" on " + c.get(ClusterSettings.LISTEN_ADDRESS) + ":"
                + c.get(ClusterSettings.LISTEN_PORT);
    }

    /** A block of global settings as singleton {@code pid}, unless a drop-in cfg file owns it. */
    private void applyGlobal(
            String pid, String block, SettingValues values, String source, Function<SettingValues, String> summary)
            throws IOException {
        Configuration c = cm.getConfiguration(pid, "?");
        Dictionary<String, Object> current = c.getProperties();
        if (current != null && !RelayPids.SOURCE_YAML.equals(current.get(RelayPids.SOURCE_PROPERTY))) {
            LOG.warn(
                    "{} is configured outside {} (etc/{}.cfg); the file's {} block is ignored",
                    pid,
                    source,
                    pid,
                    block);
            return;
        }
        Dictionary<String, Object> p = ownedProperties(values);
        if (!same(current, p)) {
            c.update(p);
            LOG.info("{} settings from {}: {}", block, source, summary.apply(values));
        }
    }

    private static String webUiSummary(SettingValues web) {
        return web.get(WebUiSettings.ENABLED)
                ? "enabled on " + web.get(WebUiSettings.LISTEN_ADDRESS) + ":" + web.get(WebUiSettings.PORT)
                : "disabled";
    }

    private static String accessLogSummary(SettingValues log) {
        return log.get(AccessLogSettings.ENABLED) ? "enabled, " + log.get(AccessLogSettings.FORMAT) : "disabled";
    }

    /** The configuration of some settings, marked as the bridge's own. */
    private static Dictionary<String, Object> ownedProperties(SettingValues values) {
        Hashtable<String, Object> p = values.toProperties();
        p.put(RelayPids.SOURCE_PROPERTY, RelayPids.SOURCE_YAML);
        return p;
    }

    private Map<String, Configuration> existingServices() throws IOException {
        Map<String, Configuration> byName = new HashMap<>();
        Configuration[] all;
        try {
            all = cm.listConfigurations(
                    "(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + RelayPids.SERVICE_FACTORY + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (all != null) {
            for (Configuration c : all) {
                Dictionary<String, Object> p = c.getProperties();
                if (p != null) {
                    byName.put(RelayPids.serviceName(toMap(p)), c);
                }
            }
        }
        return byName;
    }

    private static boolean ownedByBridge(Configuration c) {
        Dictionary<String, Object> p = c.getProperties();
        return p != null && RelayPids.SOURCE_YAML.equals(p.get(RelayPids.SOURCE_PROPERTY));
    }

    static boolean same(Dictionary<String, Object> current, Dictionary<String, Object> wanted) {
        if (current == null) {
            return false;
        }
        Map<String, Object> a = toMap(current);
        FRAMEWORK_KEYS.forEach(a::remove);
        Map<String, Object> b = toMap(wanted);
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (String k : a.keySet()) {
            if (!Objects.deepEquals(a.get(k), b.get(k)) && !sameArray(a.get(k), b.get(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameArray(Object x, Object y) {
        return x instanceof Object[] xa && y instanceof Object[] ya && Arrays.deepEquals(xa, ya);
    }

    private static Map<String, Object> toMap(Dictionary<String, Object> d) {
        Map<String, Object> m = new HashMap<>();
        for (String k : Collections.list(d.keys())) {
            m.put(k, d.get(k));
        }
        return m;
    }

    record SyncOutcome(int created, int updated, int deleted) {}
}
