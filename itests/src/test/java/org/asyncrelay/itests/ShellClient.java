package org.asyncrelay.itests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        return finish(args, command + "\n");
    }

    /** The command as bin/client's arguments, as the README shows it: {@code bin/client -c FILE relay:status}. */
    static Result runArguments(Path home, List<String> options, String... command)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(home.resolve("bin/client").toString()));
        args.addAll(options);
        args.addAll(List.of(command));
        return finish(args, "");
    }

    private static Result finish(List<String> args, String stdin) throws IOException, InterruptedException {
        Process c = new ProcessBuilder(args).redirectErrorStream(true).start();
        c.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        c.getOutputStream().close();
        String out;
        try (InputStream in = c.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!c.waitFor(60, TimeUnit.SECONDS)) {
            c.destroyForcibly();
            throw new IOException("bin/client did not finish: " + out);
        }
        return new Result(c.exitValue(), out);
    }
}
