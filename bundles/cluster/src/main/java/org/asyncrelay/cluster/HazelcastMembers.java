package org.asyncrelay.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.asyncrelay.api.settings.ClusterSettings;
import org.asyncrelay.api.settings.SettingValues;

/** An embedded Hazelcast member made from the cluster settings, sized for a few small maps. */
final class HazelcastMembers {

    private HazelcastMembers() {}

    static Config config(SettingValues settings) {
        Config config = new Config();
        String address = settings.get(ClusterSettings.LISTEN_ADDRESS);
        int port = settings.get(ClusterSettings.LISTEN_PORT);
        config.setClusterName(settings.get(ClusterSettings.NAME));
        config.setInstanceName("async-relay-" + address + "-" + port);
        config.setClassLoader(Config.class.getClassLoader());
        // nothing leaves the host unless told: no phone-home, no auto-detection of other networks
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        boolean wildcard = isWildcard(address);
        if (!wildcard) {
            config.setProperty("hazelcast.local.localAddress", address);
        }
        // 0.0.0.0 or ::: bind every interface and let Hazelcast pick the address the others reach
        // (a pod's IP, which its file cannot know)
        config.setProperty("hazelcast.socket.bind.any", String.valueOf(wildcard));
        // a few maps of a few entries: fewer partitions and threads than a data grid's defaults
        config.setProperty("hazelcast.partition.count", "23");
        config.setProperty("hazelcast.io.thread.count", "1");
        config.setProperty("hazelcast.operation.thread.count", "2");
        config.setProperty("hazelcast.operation.generic.thread.count", "1");
        config.setProperty("hazelcast.event.thread.count", "1");
        // a killed member is noticed in seconds, not in a minute; a split cluster merges soon after it heals
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "6");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getJetConfig().setEnabled(false);
        config.getMetricsConfig().setEnabled(false);
        config.getSqlConfig().setCatalogPersistenceEnabled(false);

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false).setReuseAddress(true);
        if (!wildcard) {
            network.getInterfaces().setEnabled(true).addInterface(address);
        }
        JoinConfig join = network.getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        switch (settings.get(ClusterSettings.DISCOVERY)) {
            case "multicast" -> join.getMulticastConfig().setEnabled(true);
            case "kubernetes" -> join.getKubernetesConfig().setEnabled(true);
            default -> {
                join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
                for (String member : settings.get(ClusterSettings.MEMBERS)) {
                    join.getTcpIpConfig().addMember(member);
                }
                if (!wildcard) {
                    join.getTcpIpConfig().addMember(address + ":" + port);
                }
            }
        }
        return config;
    }

    static boolean isWildcard(String address) {
        try {
            return java.net.InetAddress.getByName(address).isAnyLocalAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Starts a member; Hazelcast looks up its own services through the thread's context class loader. */
    static HazelcastInstance start(Config config) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(Config.class.getClassLoader());
        try {
            return Hazelcast.newHazelcastInstance(config);
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
