package org.asyncrelay.config.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.asyncrelay.api.ConfigProblem;
import org.asyncrelay.api.settings.WebUiSettings;
import org.asyncrelay.config.model.RelayConfiguration;
import org.asyncrelay.config.yaml.ConfigParser;
import org.asyncrelay.config.yaml.ParseResult;

/**
 * Validates a configuration file outside OSGi, so that {@code bin/relay} refuses a broken file
 * before booting Karaf and {@code bin/relay --check} works like {@code nginx -t}. Exit status 0
 * when valid, 1 when not, 2 on a usage error.
 */
public final class ConfigCheck {

    private ConfigCheck() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** What {@link #main} does, with its status returned (bin/relay's launcher calls it in its own JVM). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean quiet = false;
        String file = null;
        for (String a : args) {
            if (a.equals("--quiet")) {
                quiet = true;
            } else if (file == null && !a.startsWith("--")) {
                file = a;
            } else {
                err.println("usage: ConfigCheck [--quiet] FILE");
                return 2;
            }
        }
        if (file == null) {
            err.println("usage: ConfigCheck [--quiet] FILE");
            return 2;
        }
        ParseResult result = ConfigParser.parse(Path.of(file));
        for (ConfigProblem w : result.warnings()) {
            err.println("warning: " + w);
        }
        for (ConfigProblem e : result.errors()) {
            err.println("error: " + e);
        }
        if (!result.valid()) {
            err.println(file + ": configuration invalid, " + result.errors().size() + " error(s)");
            return 1;
        }
        if (!quiet) {
            RelayConfiguration c = result.configuration().orElseThrow();
            out.println(file + ": configuration valid, " + c.services().size() + " service(s)"
                    + (c.webUi().get(WebUiSettings.ENABLED)
                            ? ", web UI on " + c.webUi().get(WebUiSettings.LISTEN_ADDRESS) + ":"
                                    + c.webUi().get(WebUiSettings.PORT)
                            : ""));
        }
        return 0;
    }
}
