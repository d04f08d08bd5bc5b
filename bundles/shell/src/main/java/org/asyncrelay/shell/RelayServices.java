package org.asyncrelay.shell;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.asyncrelay.api.RelayService;

/**
 * The relay services a command was given, by name. A command that cannot do what it was asked
 * throws a {@code CommandException} with a one-line reason: Karaf prints it on the console, logs
 * it at DEBUG only (any other exception is an ERROR with a stack trace in karaf.log), and the
 * session ends with a non-zero status; System.err never reached an ssh client.
 */
final class RelayServices {

    private RelayServices() {}

    static List<RelayService> sorted(List<RelayService> services) {
        return services == null
                ? List.of()
                : services.stream()
                        .sorted(Comparator.comparing(RelayService::name))
                        .toList();
    }

    static Optional<RelayService> named(List<RelayService> services, String name) {
        return sorted(services).stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
