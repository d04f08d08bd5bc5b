package org.asyncrelay.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.ClusterView;
import org.asyncrelay.api.ConfigFile;
import org.asyncrelay.api.RelayEvents;
import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.ServiceState;
import org.asyncrelay.api.settings.ClusterSettings;
import org.asyncrelay.api.settings.SettingValues;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * #21: this relay as a member of a cluster, while configuration {@value RelayPids#CLUSTER} exists
 * (the file's {@code cluster} block). Starts an embedded Hazelcast member off the activating thread,
 * then shares the configuration in force ({@link ConfigReplication}) and, when asked, backend state
 * ({@link BackendStateReplication}), and registers the cluster's view ({@link ClusterView}). Every
 * change, local or from the cluster, is handled in order on one worker thread. A change of the
 * settings restarts the member (DS deactivates and activates the component); a change of anything
 * else leaves it running.
 */
@Component(
        configurationPid = RelayPids.CLUSTER,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = EventHandler.class,
        immediate = true,
        property = {
            EventConstants.EVENT_TOPIC + "=" + ConfigFile.TOPIC_APPLIED,
            EventConstants.EVENT_TOPIC + "=" + RelayEvents.TOPIC_FAILED,
            EventConstants.EVENT_TOPIC + "=" + RelayEvents.TOPIC_RECOVERED,
            EventConstants.EVENT_TOPIC + "=" + RelayEvents.TOPIC_OPERATOR
        })
public final class ClusterMember implements EventHandler, ClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);
    static final String CONFIG_MAP = "asyncrelay.configuration";
    static final String BACKEND_MAP = "asyncrelay.backends";
    static final String OPERATOR_MAP = "asyncrelay.operators";
    static final String MEMBER_MAP = "asyncrelay.members";

    private final BundleContext context;
    private final SettingValues settings;
    private final String self;
    private final ScheduledExecutorService worker;
    private final LongAdder refused = new LongAdder();
    private final Map<String, BackendPool> pools = new ConcurrentHashMap<>();
    private final List<RelayService> services = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigFile file;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.osgi.service.cm.ConfigurationAdmin configAdmin;

    private volatile HazelcastInstance hazelcast;
    private volatile ConfigReplication configuration;
    private volatile BackendStateReplication backendState;
    private volatile MemberDirectory directory;
    private ServiceRegistration<ClusterView> registration;
    private boolean configJoined;

    @Activate
    public ClusterMember(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        this.settings = ClusterSettings.of(properties);
        this.self = settings.get(ClusterSettings.LISTEN_ADDRESS) + ":" + settings.get(ClusterSettings.LISTEN_PORT);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "relay-cluster");
            t.setDaemon(true);
            return t;
        });
        worker.execute(this::start);
    }

    @Deactivate
    void deactivate() {
        worker.execute(() -> {
            if (registration != null) {
                registration.unregister();
                registration = null;
            }
            HazelcastInstance h = hazelcast;
            hazelcast = null;
            if (h != null) {
                h.shutdown();
                LOG.info("cluster \"{}\": this relay ({}) left", settings.get(ClusterSettings.NAME), self);
            }
        });
        worker.shutdown();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(
            service = BackendPool.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindPool(BackendPool pool, Map<String, Object> properties) {
        pools.put(String.valueOf(properties.get(RelayPids.SERVICE_NAME_PROPERTY)), pool);
        later(() -> {
            if (backendState != null) {
                backendState.applyAll();
            }
        });
    }

    void unbindPool(BackendPool pool, Map<String, Object> properties) {
        pools.remove(String.valueOf(properties.get(RelayPids.SERVICE_NAME_PROPERTY)), pool);
    }

    @Reference(
            service = RelayService.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindService(RelayService service) {
        services.add(service);
    }

    void unbindService(RelayService service) {
        services.remove(service);
    }

    /**
     * Runs {@code task} on the worker, after what is queued; dropped once the member is stopping
     * (Hazelcast's and EventAdmin's threads may still call in while the component deactivates).
     */
    private void later(Runnable task) {
        try {
            worker.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            LOG.debug("cluster: stopping, a late change is dropped");
        }
    }

    private void start() {
        String name = settings.get(ClusterSettings.NAME);
        LOG.info(
                "cluster \"{}\": starting this relay's member on {} ({} discovery)",
                name,
                self,
                settings.get(ClusterSettings.DISCOVERY));
        if (settings.get(ClusterSettings.SECRET).isEmpty()
                && !org.asyncrelay.api.HostNames.isLoopbackLiteral(settings.get(ClusterSettings.LISTEN_ADDRESS))) {
            LOG.error(
                    "cluster \"{}\": not started: listen.address {} is not a loopback address and no secret is set;"
                            + " without one any host that reaches the port could join and change the configuration",
                    name,
                    settings.get(ClusterSettings.LISTEN_ADDRESS));
            return;
        }
        HazelcastInstance h;
        try {
            h = HazelcastMembers.start(HazelcastMembers.config(settings));
        } catch (RuntimeException e) {
            LOG.error("cluster \"{}\": this relay's member did not start on {}: {}", name, self, e.toString());
            return;
        }
        hazelcast = h;
        SealedEntry.Sealer sealer = new SealedEntry.Sealer(
                settings.get(ClusterSettings.SECRET).isEmpty() ? name : settings.get(ClusterSettings.SECRET));
        IMap<String, String> configMap = h.getMap(CONFIG_MAP);
        IMap<String, String> backendMap = h.getMap(BACKEND_MAP);
        IMap<String, String> memberMap = h.getMap(MEMBER_MAP);
        IMap<String, String> operatorMap = h.getMap(OPERATOR_MAP);
        configuration = new ConfigReplication(configMap, sealer, self, this::clusterTime, refused);
        backendState = new BackendStateReplication(
                backendMap,
                operatorMap,
                sealer,
                self,
                this::clusterTime,
                refused,
                s -> Optional.ofNullable(pools.get(s)));
        directory = new MemberDirectory(memberMap, sealer, self, this::clusterTime);
        configMap.addEntryListener(new OnEntry(e -> later(this::configChanged)), false);
        if (settings.get(ClusterSettings.SHARE_BACKEND_STATE)) {
            OnEntry apply = new OnEntry(e -> later(() -> backendState.changed(e.getKey(), e.getValue())));
            backendMap.addEntryListener(apply, true);
            operatorMap.addEntryListener(apply, true);
            backendState.applyAll();
        }
        h.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                LOG.info("cluster \"{}\": {} joined", name, event.getMember().getAddress());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                LOG.info("cluster \"{}\": {} left", name, event.getMember().getAddress());
                later(() -> directory.left(event.getMember().getUuid().toString()));
            }
        });
        h.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == com.hazelcast.core.LifecycleEvent.LifecycleState.MERGED) {
                LOG.info("cluster \"{}\": joined again after a split", name);
                later(() -> {
                    ConfigFile f = file;
                    if (f != null) {
                        configuration.merged(f);
                    }
                    if (settings.get(ClusterSettings.SHARE_BACKEND_STATE)) {
                        backendState.applyAll();
                    }
                });
            }
        });
        joinConfiguration();
        worker.scheduleWithFixedDelay(this::describeSelf, 0, 1, TimeUnit.SECONDS);
        registration = context.registerService(ClusterView.class, this, null);
        LOG.info(
                "cluster \"{}\": this relay ({}) is a member, {} member(s)",
                name,
                self,
                h.getCluster().getMembers().size());
    }

    private void joinConfiguration() {
        ConfigFile f = file;
        if (f != null && configuration != null && !configJoined) {
            configJoined = true;
            configuration.joined(f);
        }
    }

    private void configChanged() {
        ConfigFile f = file;
        if (f != null && configuration != null) {
            configuration.changed(f);
        }
    }

    private void describeSelf() {
        HazelcastInstance h = hazelcast;
        if (h == null || !h.getLifecycleService().isRunning()) {
            return;
        }
        try {
            boolean healthy = services.stream().allMatch(s -> s.state() == ServiceState.RUNNING);
            directory.update(
                    h.getCluster().getLocalMember().getUuid().toString(),
                    configuration.version().version(),
                    healthy);
        } catch (RuntimeException e) {
            LOG.debug("cluster: could not describe this member: {}", e.toString());
        }
    }

    long clusterTime() {
        HazelcastInstance h = hazelcast;
        return h == null ? System.currentTimeMillis() : h.getCluster().getClusterTime();
    }

    @Override
    public void handleEvent(Event event) {
        String topic = event.getTopic();
        if (ConfigFile.TOPIC_APPLIED.equals(topic)) {
            String hash = String.valueOf(event.getProperty(ConfigFile.SHARED_HASH));
            later(() -> {
                ConfigFile f = file;
                if (f == null || configuration == null) {
                    return;
                }
                if (!configJoined) {
                    joinConfiguration();
                } else {
                    configuration.applied(f, hash);
                }
            });
            return;
        }
        if (!settings.get(ClusterSettings.SHARE_BACKEND_STATE)) {
            return;
        }
        Object service = event.getProperty(RelayEvents.SERVICE);
        Object host = event.getProperty(RelayEvents.BACKEND_HOST);
        Object port = event.getProperty(RelayEvents.BACKEND_PORT);
        if (service == null || host == null || !(port instanceof Integer p)) {
            return;
        }
        BackendAddress backend = new BackendAddress(host.toString(), p);
        later(() -> {
            if (backendState == null) {
                return;
            }
            if (RelayEvents.TOPIC_FAILED.equals(topic)) {
                backendState.failedHere(service.toString(), backend);
            } else if (RelayEvents.TOPIC_OPERATOR.equals(topic)) {
                try {
                    backendState.operatorHere(
                            service.toString(),
                            backend,
                            org.asyncrelay.api.BackendState.valueOf(
                                    String.valueOf(event.getProperty(RelayEvents.OPERATOR_STATE))));
                } catch (IllegalArgumentException unknown) {
                    LOG.debug("cluster: operator event without a state: {}", event);
                }
            } else {
                backendState.recoveredHere(service.toString(), backend);
            }
        });
    }

    @Override
    public String name() {
        return settings.get(ClusterSettings.NAME);
    }

    @Override
    public List<Member> members() {
        HazelcastInstance h = hazelcast;
        MemberDirectory d = directory;
        if (h == null || d == null) {
            return List.of();
        }
        return d.view(
                h.getCluster().getMembers(),
                h.getCluster().getLocalMember().getUuid().toString());
    }

    @Override
    public ConfigVersion configuration() {
        ConfigReplication c = configuration;
        return c == null ? new ConfigVersion(0, "", "") : c.version();
    }

    @Override
    public boolean configurationMatches() {
        ConfigReplication c = configuration;
        ConfigFile f = file;
        return c != null && f != null && c.matches(f);
    }

    @Override
    public long refusedEntries() {
        return refused.sum();
    }

    @Override
    public List<String> localServices() {
        org.osgi.service.cm.ConfigurationAdmin cm = configAdmin;
        if (cm == null) {
            return List.of();
        }
        try {
            org.osgi.service.cm.Configuration[] all = cm.listConfigurations("(&("
                    + org.osgi.service.cm.ConfigurationAdmin.SERVICE_FACTORYPID + "=" + RelayPids.SERVICE_FACTORY
                    + ")(!(" + RelayPids.SOURCE_PROPERTY + "=" + RelayPids.SOURCE_YAML + ")))");
            if (all == null) {
                return List.of();
            }
            List<String> names = new java.util.ArrayList<>();
            for (org.osgi.service.cm.Configuration c : all) {
                java.util.Dictionary<String, Object> p = c.getProperties();
                if (p != null) {
                    Map<String, Object> m = new java.util.HashMap<>();
                    for (String k : java.util.Collections.list(p.keys())) {
                        m.put(k, p.get(k));
                    }
                    names.add(RelayPids.serviceName(m));
                }
            }
            java.util.Collections.sort(names);
            return names;
        } catch (java.io.IOException | org.osgi.framework.InvalidSyntaxException e) {
            return List.of();
        }
    }

    @Override
    public boolean sharesBackendState() {
        return settings.get(ClusterSettings.SHARE_BACKEND_STATE);
    }

    /** Added, updated or merged (after a split cluster healed): one callback. */
    private record OnEntry(java.util.function.Consumer<EntryEvent<String, String>> then)
            implements EntryAddedListener<String, String>,
                    EntryUpdatedListener<String, String>,
                    EntryMergedListener<String, String> {

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            then.accept(event);
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            then.accept(event);
        }

        @Override
        public void entryMerged(EntryEvent<String, String> event) {
            then.accept(event);
        }
    }
}
