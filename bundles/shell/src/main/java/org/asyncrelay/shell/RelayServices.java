package org.asyncrelay.shell;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.asyncrelay.api.RelayService;

/** The relay services a command was given, by name. */
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
