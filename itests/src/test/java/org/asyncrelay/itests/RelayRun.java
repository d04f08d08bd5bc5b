package org.asyncrelay.itests;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One bin/relay on a file of the test's own, its web UI on a free port (the status, /metrics and
 * the API the reliability suite reads), and what the kernel says of its JVM: resident memory,
 * open descriptors, threads.
 */
final class RelayRun implements AutoCloseable {

    final Path work;
    final Path file;
    final Path state;
    final int webPort;
    final Http web;
    final Process process;

    private RelayRun(Path work, Path file, int webPort, Process process) {
        this.work = work;
        this.file = file;
        this.state = work.resolve("state");
        this.webPort = webPort;
        this.web = Http.at(webPort);
        this.process = process;
    }

    /**
     * Starts bin/relay on {@code services} (the YAML of the file's {@code services:} list) with
     * the product's defaults and the web UI on; returns once the API answers.
     *
     * @param started where the test keeps its processes, for {@link ProcessEvidence}
     */
    static RelayRun start(Path work, String services, List<Process> started, String... extraArgs) throws IOException {
        return start(work, services, started, java.util.Map.of(), extraArgs);
    }

    /** @param env bin/relay's switches beyond the product's defaults, such as {@code RELAY_SSH=on} */
    static RelayRun start(
            Path work, String services, List<Process> started, java.util.Map<String, String> env, String... extraArgs)
            throws IOException {
        return start(RelayProcess.HOME, work, services, started, env, extraArgs);
    }

    /** @param home the installation: the tests' shared one, or a copy with its own etc/ */
    static RelayRun start(
            Path home,
            Path work,
            String services,
            List<Process> started,
            java.util.Map<String, String> env,
            String... extraArgs)
            throws IOException {
        int webPort = Loopback.freePort();
        Path file = work.resolve("relay.yaml");
        Files.writeString(file, yaml(webPort, services));
        String[] args = Stream.concat(
                        Stream.of(
                                "-c",
                                file.toString(),
                                "--state-dir",
                                work.resolve("state").toString()),
                        Stream.of(extraArgs))
                .toArray(String[]::new);
        Process p = RelayProcess.start(
                home,
                work,
                work.resolve("stdout.txt"),
                work.resolve("stderr.txt"),
                null,
                merged(RelayProcess.PRODUCT_DEFAULTS, env),
                args);
        started.add(p);
        RelayRun run = new RelayRun(work, file, webPort, p);
        await().atMost(RelayProcess.START).ignoreExceptions().until(() -> run.web.get("/api/status").status == 200);
        run.awaitRunning(names(services));
        return run;
    }

    /** The names of the services in a {@code services:} list written by the tests. */
    static List<String> names(String services) {
        return services.lines()
                .map(String::strip)
                .filter(l -> l.startsWith("- name: "))
                .map(l -> l.substring("- name: ".length()).strip())
                .toList();
    }

    /**
     * Waits until each of these services is listening. The status lists a service as soon as its
     * configuration is there, in state STARTING until its backend pool has come and its listener
     * bound: a client connecting in between is refused (ReliabilityFaultsIT in CI, once).
     */
    void awaitRunning(List<String> names) {
        await().atMost(RelayProcess.START).ignoreExceptions().until(() -> {
            JsonNode services = web.get("/api/status").json().get("services");
            for (String name : names) {
                boolean running = false;
                for (JsonNode s : services) {
                    running |= s.get("name").asText().equals(name)
                            && s.get("state").asText().equals("RUNNING");
                }
                if (!running) {
                    return false;
                }
            }
            return true;
        });
    }

    private static java.util.Map<String, String> merged(
            java.util.Map<String, String> defaults, java.util.Map<String, String> env) {
        java.util.Map<String, String> all = new java.util.HashMap<>(defaults);
        all.putAll(env);
        return all;
    }

    /** A shell command as the generated admin, through bin/client -c FILE. */
    ShellClient.Result asAdmin(String... command) throws IOException, InterruptedException {
        String password = Files.readString(RelayProcess.HOME.resolve("etc/admin.password"))
                .strip();
        return ShellClient.runArguments(
                RelayProcess.HOME, List.of("--state-dir", state.toString(), "-u", "admin", "-p", password), command);
    }

    static String yaml(int webPort, String services) {
        return "web_ui: {enabled: true, port: " + webPort + "}\nservices:\n" + services;
    }

    /**
     * Rewrites the file with these services (the reload follows after --reload-delay); returns at
     * once, so that a test can change the file at its own pace.
     */
    void services(String services) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(tmp, yaml(webPort, services));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Rewrites the file with these services and waits until each of them is listening. */
    void servicesRunning(String services) throws IOException {
        services(services);
        awaitRunning(names(services));
    }

    /** One counter of the first service in {@code GET /api/status}. */
    long stat(String name) throws Exception {
        return web.get("/api/status")
                .json()
                .get("services")
                .get(0)
                .get("stats")
                .get(name)
                .asLong();
    }

    /** The relay's JVM, a child of bin/relay. */
    ProcessHandle jvm() {
        return process.descendants()
                .filter(h -> h.info().command().orElse("").endsWith("java"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no java below bin/relay pid " + process.pid()));
    }

    /** Resident memory of the JVM in KiB. */
    long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(jvm().pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    int openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(jvm().pid()), "fd"))) {
            return (int) fds.count();
        }
    }

    int threads() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(jvm().pid()), "task"))) {
            return (int) tasks.count();
        }
    }

    String log() throws IOException {
        Path log = state.resolve("log/karaf.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() {
        RelayProcess.kill(process);
    }
}
