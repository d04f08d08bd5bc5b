package org.asyncrelay.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * The Pax Exam options every container test shares: the project's own distribution, Maven
 * resolution from the local repository only, free ports for ssh, HTTP and JMX, and the test
 * libraries. These go into Pax Exam's boot feature with its own bundles, not into the deploy
 * folder: FileInstall installed them while the probe's test class was loading, and a class the probe
 * imports dynamically (ConfigurationAdmin) was then not found (once in a CI run).
 */
final class Distribution {

    private Distribution() {}

    /** @param httpPort Karaf's own HTTP port (the web console) */
    static Option withFreePorts(int httpPort) throws IOException {
        return boot(System.getProperty("relay.assembly"), "async-relay", "target/exam", "", httpPort);
    }

    /**
     * Apache's own Karaf 4.4 as downloaded, for the Karaf route: the project's features repository
     * and bundles come from the distribution's {@code system/} folder, as they would from a
     * Maven repository after {@code mvn install}.
     */
    static Option stockKaraf(int httpPort) throws IOException {
        return boot(
                System.getProperty("karaf.stock"),
                "Apache Karaf",
                "target/exam-stock",
                "file:" + System.getProperty("relay.home") + "/system@id=relay@snapshots,",
                httpPort);
    }

    /** The Karaf archive at {@code archive}, with {@code projectRepository} first among its Maven repositories. */
    private static Option boot(String archive, String name, String unpackTo, String projectRepository, int httpPort)
            throws IOException {
        String localRepo = System.getProperty("maven.repo.local");
        String mvnCfg = "etc/org.ops4j.pax.url.mvn.cfg";
        String jmx = "etc/org.apache.karaf.management.cfg";
        return composite(
                karafDistributionConfiguration()
                        .frameworkUrl("file:" + archive)
                        .name(name)
                        .unpackDirectory(new File(unpackTo))
                        .useDeployFolder(false),
                keepRuntimeFolder(),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.localRepository", localRepo),
                // the distribution's own system/ first: a project artifact installed earlier in the
                // local repository (an older features repository) must not shadow what was built
                editConfigurationFilePut(
                        mvnCfg,
                        "org.ops4j.pax.url.mvn.defaultRepositories",
                        "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots,"
                                + projectRepository + "file:" + localRepo + "@id=local@snapshots"),
                editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.repositories", ""),
                editConfigurationFilePut(
                        "etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(Loopback.freePort())),
                editConfigurationFilePut(
                        "etc/org.apache.felix.http.cfg", "org.osgi.service.http.port", String.valueOf(httpPort)),
                editConfigurationFilePut(jmx, "rmiRegistryPort", String.valueOf(Loopback.freePort())),
                editConfigurationFilePut(jmx, "rmiServerPort", String.valueOf(Loopback.freePort())),
                systemProperty("pax.exam.service.timeout").value("60000"),
                // every part the distribution installs without starting (#17): Pax Exam provisions
                // through the features service, and these tests use the web console and the web UI
                systemProperty("asyncrelay.features.enabled").value("true"),
                systemProperty("asyncrelay.http.enabled").value("true"),
                systemProperty("asyncrelay.ssh.enabled").value("true"),
                systemProperty("asyncrelay.jmx.enabled").value("true"),
                // as bin/relay does: Felix's Jetty may start before etc/ is read, with these defaults
                systemProperty("org.osgi.service.http.port").value(String.valueOf(httpPort)),
                systemProperty("org.apache.felix.http.host").value("127.0.0.1"),
                mavenBundle("org.hamcrest", "hamcrest", System.getProperty("hamcrest.version")),
                mavenBundle("org.awaitility", "awaitility", System.getProperty("awaitility.version")));
    }
}
