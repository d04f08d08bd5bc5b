package org.asyncrelay.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.asyncrelay.api.ConfigFile;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.ServiceState;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Boots the project's own distribution once and checks what only a running Karaf shows: every
 * bundle active, every component satisfied, services from YAML and from ConfigAdmin relaying.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RelayInKarafIT {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    ServiceComponentRuntime scr;

    @Inject
    SessionFactory sessionFactory;

    @Inject
    org.osgi.service.metatype.MetaTypeService metaType;

    @Configuration
    public Option[] config() throws IOException {
        // #21: a drop-in cluster configuration, as etc/org.asyncrelay.cluster.cfg: a cluster of one on loopback
        int clusterPort = Loopback.freePort();
        return options(
                org.ops4j.pax.exam.CoreOptions.systemProperty("it.cluster.port").value(String.valueOf(clusterPort)),
                Distribution.withFreePorts(Loopback.freePort()),
                org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut(
                        "etc/org.asyncrelay.cluster.cfg", "name", "exam"),
                org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut(
                        "etc/org.asyncrelay.cluster.cfg", "listen.port", String.valueOf(clusterPort)));
    }

    /**
     * #21: the cluster feature in a running Karaf: its configuration (here a drop-in cfg file) starts
     * the cluster part, an embedded member on loopback, and registers the cluster's view; its form
     * is in the web console's configuration manager.
     */
    @Test
    public void aClusterConfigurationMakesThisRelayAMember() throws Exception {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> context.getServiceReference(org.asyncrelay.api.ClusterView.class) != null);
        org.asyncrelay.api.ClusterView cluster =
                context.getService(context.getServiceReference(org.asyncrelay.api.ClusterView.class));
        assertEquals("exam", cluster.name());
        await().atMost(WAIT).until(() -> cluster.members().size() == 1);
        org.asyncrelay.api.ClusterView.Member self = cluster.members().get(0);
        assertTrue(self.local());
        assertEquals("127.0.0.1:" + Integer.getInteger("it.cluster.port"), self.address());
        assertEquals(Bundle.ACTIVE, bundle("com.hazelcast").getState());
        org.osgi.service.metatype.MetaTypeInformation info =
                metaType.getMetaTypeInformation(bundle("org.asyncrelay.cluster"));
        assertNotNull(info.getObjectClassDefinition("org.asyncrelay.cluster", null));
        assertTrue(cluster.sharesBackendState());
        assertEquals(0, cluster.refusedEntries());

        // a service of a drop-in configuration is this relay's own: the cluster view says so
        org.osgi.service.cm.Configuration local =
                configAdmin.getFactoryConfiguration("org.asyncrelay.service", "only-here", "?");
        Hashtable<String, Object> service = new Hashtable<>();
        service.put("protocol", "tcp");
        service.put("listen.address", "127.0.0.1");
        service.put("listen.port", Loopback.freePort());
        service.put("backends", new String[] {"127.0.0.1:" + Loopback.freePort()});
        local.update(service);
        try {
            await().atMost(WAIT).until(() -> cluster.localServices().contains("only-here"));
        } finally {
            local.delete();
        }
    }

    @Test
    public void bootsWithEveryBundleActiveAndEveryComponentSatisfied() {
        // the features service may still be finishing the boot features when the probe runs
        await().atMost(WAIT).untilAsserted(() -> assertEquals("bundles not active", List.of(), bundlesNotActive()));
        assertNotNull("epoll native fragment installed", bundle("io.netty.transport-native-epoll.linux-x86_64"));
        assertEquals(Bundle.ACTIVE, bundle("org.asyncrelay.shell").getState());

        List<String> unsatisfied = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        || c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
                        || c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    unsatisfied.add(d.name + " state " + c.state + " " + c.failure);
                }
            }
        }
        assertEquals("components not satisfied", List.of(), unsatisfied);

        // every PID of the product has a typed form in the web console's configuration manager
        java.util.Map<String, Bundle> owners = java.util.Map.of(
                "org.asyncrelay.service", bundle("org.asyncrelay.engine"),
                "org.asyncrelay.engine", bundle("org.asyncrelay.engine"),
                "org.asyncrelay.config", bundle("org.asyncrelay.config"),
                "org.asyncrelay.webui", bundle("org.asyncrelay.web"),
                "org.asyncrelay.accesslog", bundle("org.asyncrelay.engine"));
        for (java.util.Map.Entry<String, Bundle> e : owners.entrySet()) {
            org.osgi.service.metatype.MetaTypeInformation info = metaType.getMetaTypeInformation(e.getValue());
            boolean factory = java.util.Arrays.asList(info.getFactoryPids()).contains(e.getKey());
            boolean single = java.util.Arrays.asList(info.getPids()).contains(e.getKey());
            assertTrue("metatype for " + e.getKey(), factory || single);
            assertNotNull(info.getObjectClassDefinition(e.getKey(), null));
        }
    }

    /** #14: the distribution's features and files bring no account, and the old shared ones are refused. */
    @Test
    public void noAccountComesWithTheDistribution() throws Exception {
        Path etc = Path.of(System.getProperty("karaf.etc"));
        for (String file : List.of("users.properties", "keys.properties")) {
            List<String> accounts = Files.readAllLines(etc.resolve(file)).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("_g_"))
                    .toList();
            assertEquals(file + ": " + accounts, List.of(), accounts);
        }
        for (String[] account : List.of(new String[] {"relay", "relay"}, new String[] {"karaf", "karaf"})) {
            javax.security.auth.login.LoginContext login =
                    new javax.security.auth.login.LoginContext("karaf", callbacks -> {
                        for (javax.security.auth.callback.Callback c : callbacks) {
                            if (c instanceof javax.security.auth.callback.NameCallback n) {
                                n.setName(account[0]);
                            } else if (c instanceof javax.security.auth.callback.PasswordCallback p) {
                                p.setPassword(account[1].toCharArray());
                            }
                        }
                    });
            try {
                login.login();
                throw new AssertionError(account[0] + "/" + account[1] + " logged in");
            } catch (javax.security.auth.login.LoginException refused) {
                // as it must be
            }
        }
    }

    @Test
    public void relaysAServiceFromYamlAndOneAddedThroughConfigAdmin() throws Exception {
        try (ServerSocket backendA = Loopback.echo("A:");
                ServerSocket backendB = Loopback.echo("B:");
                java.net.DatagramSocket udpBackend = Loopback.udpEcho("U:")) {
            int udpPort = Loopback.freePort();
            int yamlPort = Loopback.freePort();
            int deadPort = Loopback.freePort();
            Path yaml = Files.createTempFile("relay-it", ".yaml");
            Files.writeString(
                    yaml,
                    "services:\n"
                            + "  - name: from-yaml\n"
                            + "    protocol: tcp\n"
                            + "    splice: true\n"
                            + "    listen: {address: 127.0.0.1, port: " + yamlPort + "}\n"
                            + "    backends: [\"127.0.0.1:" + deadPort + "\", \"127.0.0.1:" + backendA.getLocalPort()
                            + "\"]\n"
                            + "  - name: udp-yaml\n"
                            + "    protocol: udp\n"
                            + "    listen: {address: 127.0.0.1, port: " + udpPort + "}\n"
                            + "    backends: [\"127.0.0.1:" + udpBackend.getLocalPort() + "\"]\n");
            org.osgi.service.cm.Configuration bridge = configAdmin.getConfiguration("org.asyncrelay.config", "?");
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("path", yaml.toString());
            props.put("reload.delay", 0.2d);
            bridge.update(props);

            RelayService fromYaml = awaitService("from-yaml");
            java.util.Dictionary<String, Object> web =
                    configAdmin.getConfiguration("org.asyncrelay.webui", "?").getProperties();
            assertNotNull("the web_ui block is written as a singleton PID", web);
            assertEquals(Boolean.FALSE, web.get("enabled"));
            assertEquals(8088, web.get("port"));
            assertEquals(ServiceState.RUNNING, fromYaml.state());
            assertEquals("A:over yaml", Loopback.exchange(yamlPort, "over yaml"));
            // past the 64 KiB after which a splice: true service splices (epoll, which Karaf loads here)
            String bulk = "0123456789abcdef".repeat(16 * 1024);
            assertEquals("A:" + bulk, Loopback.exchange(yamlPort, bulk));
            org.osgi.service.cm.Configuration[] written =
                    configAdmin.listConfigurations("(&(service.factoryPid=org.asyncrelay.service)(name=from-yaml))");
            assertEquals(Boolean.TRUE, written[0].getProperties().get("splice"));
            assertTrue(
                    "spliced bytes are counted",
                    fromYaml.stats().tcpBytesReceived() >= bulk.length() + "over yaml".length());
            assertEquals(
                    "the dead first backend was tried twice",
                    2,
                    fromYaml.stats().connectFailures());
            awaitService("udp-yaml");
            assertEquals("U:over udp", Loopback.datagram(udpPort, "over udp"));

            int cfgPort = Loopback.freePort();
            org.osgi.service.cm.Configuration dropIn =
                    configAdmin.getFactoryConfiguration("org.asyncrelay.service", "dropin", "?");
            Hashtable<String, Object> service = new Hashtable<>();
            service.put("protocol", "tcp");
            service.put("listen.address", "127.0.0.1");
            service.put("listen.port", cfgPort);
            service.put("backends", new String[] {"127.0.0.1:" + backendB.getLocalPort()});
            dropIn.update(service);

            awaitService("dropin");
            assertEquals("B:over cm", Loopback.exchange(cfgPort, "over cm"));

            // the file in force, and a check of a broken one that changes nothing
            String config = executeCommand("relay:config");
            assertTrue(config, config.startsWith("# " + yaml) && config.contains("name: from-yaml"));
            Path broken = Files.createTempFile("relay-it-broken", ".yaml");
            Files.writeString(broken, "services:\n  - name: x\n    listen: {port: nope}\n");
            String check = executeFailing("relay:check " + broken);
            assertTrue(
                    check,
                    check.contains("error: " + broken + ":3:20 services[0].listen.port: expected an integer 1-65535"));
            assertTrue(check, check.endsWith("failed: " + broken + ": 2 error(s)"));
            assertTrue(executeCommand("relay:check").contains(yaml + ": valid"));

            String status = executeCommand("relay:status");
            for (String expected : List.of("from-yaml", "dropin", "127.0.0.1:" + yamlPort, "RUNNING", "tcp")) {
                assertTrue("relay:status shows " + expected + " in:\n" + status, status.contains(expected));
            }

            // the seed's runtime overrides: saved from the UI, in force until the file is edited
            ConfigFile file = awaitConfigFile();
            assertEquals("config.yaml", file.source());
            ConfigFile.ReloadResult refused =
                    file.saveRuntime("services:\n  - name: x\n    listen: {port: 0}\n    backends: [\"a:1\"]\n");
            assertFalse(refused.applied());
            assertEquals(
                    List.of(file.runtimePath() + ":3:20 services[0].listen.port: expected an integer 1-65535, got 0"),
                    refused.errors().stream().map(Object::toString).toList());
            assertFalse(Files.exists(file.runtimePath()));

            int uiPort = Loopback.freePort();
            ConfigFile.ReloadResult saved = file.saveRuntime("services:\n  - name: ui-made\n    protocol: tcp\n"
                    + "    listen: {address: 127.0.0.1, port: " + uiPort + "}\n"
                    + "    backends: [\"127.0.0.1:" + backendB.getLocalPort() + "\"]\n");
            assertTrue(saved.errors().toString(), saved.applied());
            assertEquals("ui_modified", file.source());
            awaitService("ui-made");
            assertEquals("B:from ui", Loopback.exchange(uiPort, "from ui"));
            awaitGone("from-yaml");

            Files.writeString(yaml, Files.readString(yaml) + "# edited by hand\n");
            awaitService("from-yaml");
            awaitGone("ui-made");
            assertEquals("config.yaml", file.source());
        }
    }

    private List<String> bundlesNotActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        return notActive;
    }

    @Test
    public void aBackendThatFailsTwiceRunsTheServicesHook() throws Exception {
        Path dir = Files.createTempDirectory("relay-hook");
        Path script = dir.resolve("hook.sh");
        Files.writeString(
                script,
                "#!/bin/bash\nprintf '%s' \"$RELAY_EVENT_JSON\" > \"$(dirname \"$0\")/$RELAY_EVENT_TYPE.json\"\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        int port = Loopback.freePort();
        int dead = Loopback.freePort();
        org.osgi.service.cm.Configuration c =
                configAdmin.getFactoryConfiguration("org.asyncrelay.service", "hooked", "?");
        Hashtable<String, Object> service = new Hashtable<>();
        service.put("protocol", "tcp");
        service.put("listen.address", "127.0.0.1");
        service.put("listen.port", port);
        service.put("backends", new String[] {"127.0.0.1:" + dead});
        service.put("event.hook.command", script.toString());
        c.update(service);
        awaitService("hooked");

        // one client connection: the backend fails, is retried at once, fails again
        Loopback.attempt(port);

        Path json = dir.resolve("backend_failed.json");
        await().atMost(WAIT).until(() -> Files.exists(json));
        String text = Files.readString(json);
        assertTrue(
                text,
                text.startsWith("{\"event\":\"backend_failed\",\"service\":\"hooked\","
                        + "\"backend\":{\"host\":\"127.0.0.1\",\"port\":" + dead + ",\"ip\":\"127.0.0.1\"},"
                        + "\"failure_count\":2,\"available_count\":0,\"total_count\":1,"));
        String backends = executeCommand("relay:backends hooked");
        assertTrue(backends, backends.contains("127.0.0.1:" + dead) && backends.contains("COOLING"));
        String deadBackend = "127.0.0.1:" + dead;
        String status = executeCommand("relay:status hooked");
        assertTrue(status, status.contains(deadBackend + " (COOLING "));
        assertTrue(executeCommand("relay:reset-cooldown hooked " + deadBackend).contains("cooldown reset"));
        assertTrue(executeCommand("relay:backends hooked").contains("AVAILABLE"));
        executeCommand("relay:drain hooked " + deadBackend);
        assertTrue(executeCommand("relay:backends hooked").contains("DRAINING"));
        executeCommand("relay:enable hooked " + deadBackend);
        assertTrue(executeCommand("relay:backends hooked").contains("AVAILABLE"));
        String unknown = executeFailing("relay:drain hooked 127.0.0.1:1");
        assertTrue(unknown, unknown.contains("has no backend 127.0.0.1:1; its backends: " + deadBackend));
        String noSuch = executeFailing("relay:backends nosuch");
        assertTrue(noSuch, noSuch.contains("No relay service named nosuch; services: ") && noSuch.contains("hooked"));
        String events = executeCommand("relay:events");
        assertTrue(events, events.contains("backend_failed") && events.contains(deadBackend));
        String newest = executeCommand("relay:events --tail 1 --json");
        assertEquals(newest, 1, newest.split("\"event\" :", -1).length - 1);
        String statusJson = executeCommand("relay:status --json hooked");
        assertTrue(statusJson, statusJson.contains("\"name\" : \"hooked\"") && statusJson.contains("\"backend_pool\""));
        String test = executeFailing("relay:test " + deadBackend);
        assertTrue(test, test.contains("Connection refused") && test.contains("no address accepted"));
        String hooks = executeCommand("relay:hooks");
        assertTrue(hooks, hooks.contains("backend_failed") && hooks.contains("hook.sh"));

        // a changed event_hook (what a reload of the YAML file writes) applies to the next event;
        // cooldown 0 makes every connection's two failures a new backend_failed
        Path second = dir.resolve("second.sh");
        Files.writeString(second, "#!/bin/bash\ntouch \"$(dirname \"$0\")/second-ran-$RELAY_EVENT_TYPE\"\n");
        Files.setPosixFilePermissions(second, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        service.put("event.hook.command", second.toString());
        service.put("event.hook.events", new String[] {"backend_failed"});
        service.put("backend.cooldown", 0L);
        c.update(service);
        Path ran = dir.resolve("second-ran-backend_failed");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            Loopback.attempt(port);
            return Files.exists(ran);
        });
    }

    @Test
    public void yamlEditsReachOnlyTheServicesTheyChange() throws Exception {
        try (ServerSocket backendA = Loopback.echo("A:");
                ServerSocket backendB = Loopback.echo("B:");
                ServerSocket backendC = Loopback.echo("C:")) {
            int portA = Loopback.freePort();
            int portB = Loopback.freePort();
            Path dir = Files.createTempDirectory("relay-edit");
            Path yaml = dir.resolve("config.yaml");
            String a = service("alpha", portA, backendA.getLocalPort());
            Files.writeString(yaml, "services:\n" + a + service("beta", portB, backendB.getLocalPort()));
            org.osgi.service.cm.Configuration bridge = configAdmin.getConfiguration("org.asyncrelay.config", "?");
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("path", yaml.toString());
            props.put("reload.delay", 1.0d);
            bridge.update(props);
            RelayService alpha = awaitService("alpha");
            awaitService("beta");
            long alphaComponent = componentId("alpha");

            try (java.net.Socket kept = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), portA)) {
                kept.setSoTimeout(10_000);
                kept.getOutputStream().write('1');
                assertEquals("A:1", new String(kept.getInputStream().readNBytes(3), StandardCharsets.US_ASCII));

                // saved like vim does, renamed over the file: beta moves to another backend
                Path tmp = dir.resolve(".config.yaml.swp");
                Files.writeString(tmp, "services:\n" + a + service("beta", portB, backendC.getLocalPort()));
                Files.move(tmp, yaml, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                // reload-delay (1 s) + 2 s
                await().atMost(Duration.ofSeconds(3))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> Loopback.exchange(portB, "b").equals("C:b"));

                // alpha was not touched: same component instance, same service, its connection alive
                assertEquals(alphaComponent, componentId("alpha"));
                assertTrue(alpha == awaitService("alpha"));
                kept.getOutputStream().write('2');
                assertEquals("2", new String(kept.getInputStream().readNBytes(1), StandardCharsets.US_ASCII));

                // an invalid edit keeps everything serving
                Files.writeString(yaml, "services:\n  - name: alpha\n    listen: {port: 0}\n");
                ConfigFile file = awaitConfigFile();
                await().atMost(WAIT)
                        .until(() -> !file.lastReload()
                                .map(ConfigFile.ReloadResult::applied)
                                .orElse(true));
                ConfigFile.ReloadResult refused = file.lastReload().orElseThrow();
                assertFalse(refused.applied());
                assertTrue(
                        refused.errors().toString(),
                        refused.errors()
                                .get(0)
                                .toString()
                                .endsWith(
                                        "config.yaml:3:20 services[0].listen.port: expected an integer 1-65535, got 0"));
                assertEquals("C:still", Loopback.exchange(portB, "still"));
                assertEquals("A:still", Loopback.exchange(portA, "still"));
            }
        }
    }

    @Test
    public void aDropInCfgFileCreatesAWorkingService() throws Exception {
        try (ServerSocket backend = Loopback.echo("D:")) {
            int port = Loopback.freePort();
            Path cfg = Path.of(System.getProperty("karaf.etc"), "org.asyncrelay.service-dropfile.cfg");
            Files.writeString(
                    cfg,
                    "protocol = tcp\nlisten.address = 127.0.0.1\nlisten.port = " + port + "\nbackends = 127.0.0.1:"
                            + backend.getLocalPort() + ", 127.0.0.1:1\n");
            RelayService s = awaitService("dropfile");
            assertEquals(ServiceState.RUNNING, s.state());
            assertEquals(2, s.backends().size());
            assertEquals("D:file", Loopback.exchange(port, "file"));
            Files.delete(cfg);
            awaitGone("dropfile");
        }
    }

    /** #18: an MBean per service through Karaf's JMX whiteboard: counters, backend states, operations. */
    @Test
    public void eachServiceIsAnMBeanWithCountersAndOperations() throws Exception {
        try (ServerSocket first = Loopback.echo("M:");
                ServerSocket second = Loopback.echo("N:")) {
            int port = Loopback.freePort();
            String a = "127.0.0.1:" + first.getLocalPort();
            String b = "127.0.0.1:" + second.getLocalPort();
            org.osgi.service.cm.Configuration c =
                    configAdmin.getFactoryConfiguration("org.asyncrelay.service", "mbean", "?");
            Hashtable<String, Object> service = new Hashtable<>();
            service.put("protocol", "tcp");
            service.put("listen.address", "127.0.0.1");
            service.put("listen.port", port);
            service.put("backends", new String[] {a, b});
            c.update(service);
            RelayService relay = awaitService("mbean");
            assertEquals("M:jmx", Loopback.exchange(port, "jmx"));

            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            javax.management.ObjectName name =
                    new javax.management.ObjectName("org.asyncrelay:type=service,name=mbean");
            await().atMost(WAIT).until(() -> server.isRegistered(name));
            assertEquals("RUNNING", server.getAttribute(name, "State"));
            assertEquals("127.0.0.1:" + port, server.getAttribute(name, "Listen"));
            await().atMost(WAIT).until(() -> (Long) server.getAttribute(name, "TcpActive") == 0L);
            assertEquals(1L, server.getAttribute(name, "TcpConnections"));
            assertEquals(3L, server.getAttribute(name, "TcpBytesReceived"));
            assertEquals(5L, server.getAttribute(name, "TcpBytesSent"));
            javax.management.openmbean.TabularData states =
                    (javax.management.openmbean.TabularData) server.getAttribute(name, "BackendStates");
            assertEquals("AVAILABLE", states.get(new Object[] {a}).get("value"));

            String[] signature = {String.class.getName()};
            assertEquals(
                    "relay mbean: backend " + a + " draining",
                    server.invoke(name, "drain", new Object[] {a}, signature));
            assertEquals(
                    org.asyncrelay.api.BackendState.DRAINING,
                    relay.pool().orElseThrow().backends().stream()
                            .filter(s -> s.backend().toString().equals(a))
                            .findFirst()
                            .orElseThrow()
                            .state());
            assertEquals("N:drained", Loopback.exchange(port, "drained"));
            server.invoke(name, "enable", new Object[] {a}, signature);
            assertEquals("M:back", Loopback.exchange(port, "back"));
            try {
                server.invoke(name, "disable", new Object[] {"127.0.0.1:1"}, signature);
                throw new AssertionError("an unknown backend was accepted");
            } catch (javax.management.RuntimeMBeanException e) {
                assertEquals(
                        "relay mbean has no backend 127.0.0.1:1; its backends: " + a + ", " + b,
                        e.getCause().getMessage());
            }

            c.delete();
            awaitGone("mbean");
            await().atMost(WAIT).until(() -> !server.isRegistered(name));
        }
    }

    private static String service(String name, int port, int backend) {
        return "  - name: " + name + "\n    protocol: tcp\n    listen: {address: 127.0.0.1, port: " + port + "}\n"
                + "    backends: [\"127.0.0.1:" + backend + "\"]\n";
    }

    private long componentId(String service) {
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.name.equals("org.asyncrelay.engine.RelayServiceComponent")) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (service.equals(c.properties.get("name"))) {
                        return c.id;
                    }
                }
            }
        }
        throw new AssertionError("no engine component for " + service);
    }

    private ConfigFile awaitConfigFile() {
        ServiceReference<ConfigFile> ref =
                await().atMost(WAIT).until(() -> context.getServiceReference(ConfigFile.class), r -> r != null);
        return context.getService(ref);
    }

    private void awaitGone(String name) {
        await().atMost(WAIT).until(() -> relayServices(name).isEmpty());
    }

    private java.util.Collection<ServiceReference<RelayService>> relayServices(String name) throws Exception {
        return context.getServiceReferences(RelayService.class, "(relay.service=" + name + ")");
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private RelayService awaitService(String name) {
        return await().atMost(WAIT)
                .until(
                        () -> relayServices(name).stream()
                                .map(context::getService)
                                .filter(s -> s != null && s.state() != ServiceState.STARTING)
                                .findFirst()
                                .orElse(null),
                        s -> s != null);
    }

    /**
     * Runs a command as a user with the operator role (#14: the distribution's command ACL for the
     * relay scope, etc/org.apache.karaf.command.acl.relay.cfg, admits it).
     */
    /**
     * A command that must fail: what it printed, then {@code failed: } and the one-line reason
     * Karaf's console shows as "Error executing command: ...".
     */
    private String executeFailing(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            asOperator(bytes, command);
        } catch (Exception e) {
            // a command's own exception comes through doAs as it is, a checked one wrapped
            Throwable cause = e instanceof java.security.PrivilegedActionException p ? p.getCause() : e;
            return bytes.toString(StandardCharsets.UTF_8) + "failed: " + cause.getMessage();
        }
        throw new AssertionError(command + " did not fail: " + bytes.toString(StandardCharsets.UTF_8));
    }

    private String executeCommand(String command) {
        return KarafShell.execute(sessionFactory, WAIT, command, "operator", "relayoperator");
    }

    /** Runs {@code command} in a new session as the relay's operator role, its output into {@code bytes}. */
    private void asOperator(ByteArrayOutputStream bytes, String command) throws Exception {
        KarafShell.once(sessionFactory, bytes, command, "operator", "relayoperator");
    }
}
