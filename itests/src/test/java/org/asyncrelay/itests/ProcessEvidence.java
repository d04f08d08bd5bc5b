package org.asyncrelay.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * #13: when a process test fails, what the relay printed and what its JVM was doing go into the
 * test report, so that a failure seen once in CI can be understood without running it again.
 */
final class ProcessEvidence implements AfterTestExecutionCallback {

    private final Supplier<Path> outputs;
    private final Supplier<List<Process>> processes;

    ProcessEvidence(Supplier<Path> outputs, Supplier<List<Process>> processes) {
        this.outputs = outputs;
        this.processes = processes;
    }

    /** Runs before {@code @AfterEach} stops the processes and before the temporary directory goes. */
    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder("---- evidence of ")
                .append(context.getDisplayName())
                .append('\n');
        for (Process p : processes.get()) {
            if (!p.isAlive()) {
                b.append("bin/relay pid ")
                        .append(p.pid())
                        .append(" exited ")
                        .append(p.exitValue())
                        .append('\n');
                continue;
            }
            b.append("bin/relay pid ").append(p.pid()).append(" still running\n");
            p.descendants()
                    .filter(h -> h.info().command().orElse("").endsWith("java"))
                    .forEach(h -> b.append(threadDump(h.pid())));
        }
        Path dir = outputs.get();
        if (dir != null && Files.isDirectory(dir)) {
            // a test's relays write theirs in its work directory, or in a directory per relay there
            try (Stream<Path> files = Files.walk(dir, 2)) {
                files.filter(f -> f.getFileName().toString().matches("(stdout|stderr).*\\.txt"))
                        .sorted()
                        .forEach(f -> b.append("---- ")
                                .append(dir.relativize(f))
                                .append('\n')
                                .append(read(f)));
            } catch (IOException e) {
                b.append("cannot list ").append(dir).append(": ").append(e).append('\n');
            }
            // the relay's own log, in its state directory below the test's work or installation
            try (Stream<Path> files = Files.walk(dir, 7)) {
                files.filter(f -> f.getFileName().toString().equals("karaf.log"))
                        .sorted()
                        .forEach(f -> b.append("---- last lines of ")
                                .append(dir.relativize(f))
                                .append('\n')
                                .append(tail(read(f), LOG_LINES)));
            } catch (IOException | java.io.UncheckedIOException e) {
                b.append("cannot search ")
                        .append(dir)
                        .append(" for logs: ")
                        .append(e)
                        .append('\n');
            }
        }
        System.out.println(b);
    }

    private static String threadDump(long pid) {
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            String.valueOf(pid),
                            "Thread.print")
                    .redirectErrorStream(true)
                    .start();
            String dump = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return "---- threads of java pid " + pid + "\n" + dump;
        } catch (IOException e) {
            return "no thread dump of " + pid + ": " + e + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static final int LOG_LINES = 150;

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "(unreadable: " + e + ")\n";
        }
    }
}
