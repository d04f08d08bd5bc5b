package org.asyncrelay.itests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The reliability suite's echo backend (TCP and UDP on one port), src/test/resources'
 * EchoBackend.java run as a process of its own, optionally inside a network namespace.
 */
final class EchoProcess implements AutoCloseable {

    static final Path SOURCE = Path.of("src", "test", "resources", "reliability", "EchoBackend.java")
            .toAbsolutePath();

    final String address;
    final int port;
    final Process process;

    private EchoProcess(String address, int port, Process process) {
        this.address = address;
        this.port = port;
        this.process = process;
    }

    /** @param netns the network namespace to run it in, or null */
    static EchoProcess start(String netns, String address, int port, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        if (netns != null) {
            command.addAll(List.of("ip", "netns", "exec", netns));
        }
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                SOURCE.toString(),
                address,
                String.valueOf(port)));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        EchoProcess echo = new EchoProcess(address, port, p);
        if (netns == null) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(address, port), 1000);
                    return true;
                }
            });
        } else {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> java.nio.file.Files.readString(log).contains("listening"));
        }
        return echo;
    }

    static EchoProcess start(Path log) throws IOException {
        return start(null, "127.0.0.1", Loopback.freePort(), log);
    }

    String backend() {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
