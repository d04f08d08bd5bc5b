package org.asyncrelay.itests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the distribution's bin/relay as a process, with its own free ports, output to files. */
final class RelayProcess {

    static final Path HOME =
            Path.of(System.getProperty("relay.home")).toAbsolutePath().normalize();
    static final Path RELAY = HOME.resolve("bin/relay");

    private RelayProcess() {}

    static Process start(Path cwd, Path stdout, Path stderr, int sshPort, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(RELAY.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.redirectOutput(stdout.toFile());
        pb.redirectError(stderr.toFile());
        pb.environment()
                .put(
                        "RELAY_JAVA_OPTS",
                        "-Dasyncrelay.ssh.port=" + sshPort + " -Dasyncrelay.http.port=" + Loopback.freePort()
                                + " -Dasyncrelay.jmx.registry.port=" + Loopback.freePort()
                                + " -Dasyncrelay.jmx.server.port=" + Loopback.freePort());
        return pb.start();
    }

    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
