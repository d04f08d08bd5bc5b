package org.asyncrelay.itests;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the distribution's bin/relay as a process, with its own free ports, output to files. */
final class RelayProcess {

    static final Path HOME =
            Path.of(System.getProperty("relay.home")).toAbsolutePath().normalize();
    static final Path RELAY = HOME.resolve("bin/relay");

    private RelayProcess() {}

    /**
     * How long a start may take. A bound for a process to come up, not a timing assertion: 6 s is
     * usual here, and this must hold with two CPU-bound processes beside the tests (#13).
     */
    static final Duration START = Duration.ofSeconds(60);

    /** The management listeners of one relay: Karaf's ssh, HTTP (web console) and JMX ports. */
    record Ports(int ssh, int http, int jmxRegistry, int jmxServer) {

        static Ports free(int ssh) throws IOException {
            return new Ports(ssh, Loopback.freePort(), Loopback.freePort(), Loopback.freePort());
        }

        String javaOptions() {
            return "-Dasyncrelay.ssh.port=" + ssh + " -Dasyncrelay.http.port=" + http
                    + " -Dasyncrelay.jmx.registry.port=" + jmxRegistry + " -Dasyncrelay.jmx.server.port=" + jmxServer;
        }
    }

    /**
     * The management listeners the tests exercise, which bin/relay leaves off by default (#17); a
     * test's own env overrides them, an empty value giving bin/relay's default.
     */
    static final Map<String, String> MANAGEMENT_ON =
            Map.of("RELAY_SSH", "on", "RELAY_JMX", "on", "RELAY_WEB_CONSOLE", "on");

    /** bin/relay's defaults for everything it can leave out. */
    static final Map<String, String> PRODUCT_DEFAULTS =
            Map.of("RELAY_SSH", "", "RELAY_JMX", "", "RELAY_WEB_CONSOLE", "", "RELAY_FEATURES", "");

    static Process start(Path cwd, Path stdout, Path stderr, int sshPort, String... args) throws IOException {
        return start(HOME, cwd, stdout, stderr, Ports.free(sshPort), Map.of(), args);
    }

    /** @param ports the management ports to set, or null: bin/relay's own choice */
    static Process start(
            Path home, Path cwd, Path stdout, Path stderr, Ports ports, Map<String, String> env, String... args)
            throws IOException {
        return start(home, cwd, stdout, stderr, ports, env, List.of(), args);
    }

    /** @param prefix what runs bin/relay, such as {@code ip netns exec NAME}; empty: nothing */
    static Process start(
            Path home,
            Path cwd,
            Path stdout,
            Path stderr,
            Ports ports,
            Map<String, String> env,
            List<String> prefix,
            String... args)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        // #13: as from a terminal, every signal at its default. A test run started in the
        // background of a non-interactive shell inherits SIGINT ignored, and bash cannot trap a
        // signal ignored on entry: SIGINT then never stopped the relay (RelayLauncherIT, every run).
        command.add("env");
        command.add("--default-signal");
        command.add(home.resolve("bin/relay").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.redirectOutput(stdout.toFile());
        pb.redirectError(stderr.toFile());
        if (ports == null) {
            pb.environment().remove("RELAY_JAVA_OPTS");
        } else {
            pb.environment().put("RELAY_JAVA_OPTS", ports.javaOptions());
        }
        pb.environment().putAll(MANAGEMENT_ON);
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * SIGKILL to bin/relay and every process under it, and waits until they are gone: the JVM holds
     * the state directory's lock until it has died, and a relay started again on the same file
     * before that is refused as already running (ClusterIT's whole-cluster restart, once bin/relay
     * took the lock at once instead of after a JVM of its own).
     */
    static void kill(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("process " + h.pid() + " still there 30 s after SIGKILL", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
