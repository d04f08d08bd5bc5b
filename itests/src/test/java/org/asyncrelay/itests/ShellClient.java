package org.asyncrelay.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The distribution's bin/client in batch mode: one command on stdin, its output and exit status. */
final class ShellClient {

    record Result(int exit, String output) {}

    private ShellClient() {}

    /** @param login extra options such as {@code -u admin -p secret}; none: bin/client's own default */
    static Result run(Path home, int sshPort, List<String> login, String command)
            throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of("-a", String.valueOf(sshPort), "-h", "127.0.0.1"));
        options.addAll(login);
        return run(home, options, command);
    }

    /** @param options bin/client's options, such as {@code -c FILE} */
    static Result run(Path home, List<String> options, String command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(home.resolve("bin/client").toString()));
        args.addAll(options);
        args.add("-b");
        return finish(args, Map.of(), command + "\n");
    }

    /** The command as bin/client's arguments, as the README shows it: {@code bin/client -c FILE relay:status}. */
    static Result runArguments(Path home, List<String> options, String... command)
            throws IOException, InterruptedException {
        return runArguments(home, Map.of(), options, command);
    }

    /** @param env set in bin/client's environment, beside the test's own */
    static Result runArguments(Path home, Map<String, String> env, List<String> options, String... command)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(home.resolve("bin/client").toString()));
        args.addAll(options);
        args.addAll(List.of(command));
        return finish(args, env, "");
    }

    /**
     * Runs bin/client, at most {@link #LONGEST}. Its output goes to a file, so that a client that
     * hangs is seen as such with what it printed, not as a read that never returns.
     */
    private static Result finish(List<String> args, Map<String, String> env, String stdin)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("client-", ".txt");
        try {
            ProcessBuilder b =
                    new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(out.toFile());
            b.environment().putAll(env);
            Process c = b.start();
            c.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            c.getOutputStream().close();
            boolean ended = c.waitFor(LONGEST.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                c.descendants().forEach(ProcessHandle::destroyForcibly);
                c.destroyForcibly();
                c.waitFor(10, TimeUnit.SECONDS);
            }
            String printed = Files.readString(out);
            if (!ended) {
                throw new IOException("bin/client did not finish within " + LONGEST.toSeconds() + " s: " + printed);
            }
            return new Result(c.exitValue(), printed);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** How long one bin/client may take: a start of its JVM and one command, on a loaded machine. */
    static final Duration LONGEST = Duration.ofSeconds(60);

    /** One try of a command, as the caller logs in. */
    @FunctionalInterface
    interface Attempt {
        Result run() throws Exception;
    }

    /**
     * Tries {@code attempt} until its output contains {@code expected} (a shell that is still
     * starting refuses the connection or lacks the command), for at most {@code within}. A failure
     * says, on one line, what each try gave, so that a CI summary shows why.
     */
    static Result awaitOutput(Duration within, String expected, Attempt attempt) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        List<String> tries = new ArrayList<>();
        while (true) {
            long t0 = System.nanoTime();
            String seen;
            try {
                Result r = attempt.run();
                if (r.output().contains(expected)) {
                    return r;
                }
                seen = "exit " + r.exit() + " " + oneLine(r.output());
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                seen = oneLine(e.toString());
            }
            long now = System.nanoTime();
            tries.add("+" + (t0 - start) / 1_000_000 + " ms (" + (now - t0) / 1_000_000 + " ms): " + seen);
            if (now > deadline) {
                throw new AssertionError("no \"" + expected + "\" within " + within.toSeconds() + " s, " + tries.size()
                        + " tries: " + summary(tries));
            }
            Thread.sleep(200);
        }
    }

    /** The first three tries, and the last three: how it began and where it stayed. */
    private static String summary(List<String> tries) {
        if (tries.size() <= 6) {
            return String.join(" | ", tries);
        }
        return String.join(" | ", tries.subList(0, 3)) + " | ... | "
                + String.join(" | ", tries.subList(tries.size() - 3, tries.size()));
    }

    private static String oneLine(String s) {
        String flat = String.valueOf(s).replaceAll("\\s+", " ").strip();
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
    }
}
