package org.asyncrelay.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.asyncrelay.api.ClusterView;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The Karaf route on Apache's own Karaf 4.4 as downloaded: the project's features repository with
 * {@code async-relay} and {@code async-relay-web} among the boot features, the README's
 * {@code config:edit org.asyncrelay.config} steps pointing the relay at a YAML file with a
 * {@code cluster} block, then {@code feature:install async-relay-cluster} from the shell, which makes
 * it a member. (The first two are booted rather than installed from the test's session: their install
 * refreshes bundles, and a refresh would restart this probe under the running test.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StockKarafIT {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    BundleContext context;

    @Inject
    SessionFactory sessionFactory;

    @Configuration
    public Option[] config() throws IOException {
        String version = System.getProperty("relay.version");
        return options(
                Distribution.stockKaraf(Loopback.freePort()),
                features(
                        "mvn:org.asyncrelay/async-relay-features/" + version + "/xml/features",
                        "async-relay",
                        "async-relay-web"),
                systemProperty("it.cluster.port").value(String.valueOf(Loopback.freePort())),
                systemProperty("it.web.port").value(String.valueOf(Loopback.freePort())),
                systemProperty("it.relay.port").value(String.valueOf(Loopback.freePort())));
    }

    @Test
    public void theReadmeStepsGiveARelayWithItsShellWebUiAndCluster() throws Exception {
        assertEquals("4.4.10", context.getProperty("karaf.version"));
        for (String name : new String[] {"org.asyncrelay.engine", "org.asyncrelay.shell", "org.asyncrelay.web"}) {
            await().atMost(WAIT).until(() -> state(name) == Bundle.ACTIVE);
        }
        int clusterPort = Integer.getInteger("it.cluster.port");
        int webPort = Integer.getInteger("it.web.port");
        int relayPort = Integer.getInteger("it.relay.port");
        Path yaml = Files.createTempDirectory("stock").resolve("config.yaml");
        try (ServerSocket backend = Loopback.echo("S:")) {
            Files.writeString(
                    yaml,
                    "web_ui:\n  enabled: true\n  port: " + webPort + "\n"
                            + "services:\n  - name: stock-a\n    protocol: tcp\n"
                            + "    listen: {address: 127.0.0.1, port: " + relayPort + "}\n"
                            + "    backends: [\"127.0.0.1:" + backend.getLocalPort() + "\"]\n"
                            + "cluster:\n  name: stock\n  listen: {port: " + clusterPort + "}\n");

            String edit = execute("config:edit org.asyncrelay.config\n"
                    + "config:property-set path " + yaml + "\n"
                    + "config:update\n");
            await().atMost(WAIT)
                    .ignoreExceptions()
                    .until(() -> Loopback.exchange(relayPort, "hi").equals("S:hi"));
            assertEquals(Bundle.UNINSTALLED, state("org.asyncrelay.cluster"));

            // the file already has its cluster block: installing the feature afterwards makes the member
            execute("feature:install async-relay-cluster");
            assertEquals(Bundle.ACTIVE, state("com.hazelcast"));

            await().atMost(WAIT).until(() -> context.getServiceReference(ClusterView.class) != null);
            ClusterView cluster = context.getService(context.getServiceReference(ClusterView.class));
            assertEquals("stock", cluster.name());
            await().atMost(WAIT).until(() -> cluster.members().size() == 1);
            assertEquals("127.0.0.1:" + clusterPort, cluster.members().get(0).address());

            String shown = execute("relay:cluster");
            assertTrue(edit + shown, shown.contains("Cluster stock") && shown.contains("127.0.0.1:" + clusterPort));
            assertTrue(execute("relay:status").contains("stock-a"));
            assertTrue(execute("feature:list -i").contains("async-relay-cluster"));

            Http web = Http.at(webPort);
            await().atMost(WAIT).ignoreExceptions().until(() -> web.get("/api/cluster").status == 200);
            JsonNode view = web.get("/api/cluster").json();
            assertEquals("stock", view.get("name").asText());
            assertEquals(
                    "127.0.0.1:" + clusterPort,
                    view.get("members").get(0).get("address").asText());
        }
    }

    private int state(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals(symbolicName)) {
                return b.getState();
            }
        }
        return Bundle.UNINSTALLED;
    }

    /** Runs a script in one session, as a user of Karaf's admingroup (its roles); what it printed. */
    private String execute(String script) {
        return KarafShell.execute(sessionFactory, WAIT, script, "admin", "admin", "manager", "viewer");
    }
}
