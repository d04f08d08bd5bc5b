package org.asyncrelay.api.status;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.asyncrelay.api.RelayService;

/**
 * The one line every view (shell, REST API, JMX) answers a name it does not know with: what was
 * asked, and the names that would have been valid.
 */
public final class Unknown {

    private Unknown() {}

    public static String service(Collection<RelayService> running, String name) {
        List<String> names = running == null
                ? List.of()
                : running.stream().map(RelayService::name).sorted().toList();
        return "No relay service named " + name + "; "
                + (names.isEmpty() ? "none is running" : "services: " + String.join(", ", names));
    }

    /** @param backend as it was given (a parsed {@code BackendAddress} or the text) */
    public static String backend(RelayService service, Object backend) {
        return "relay " + service.name() + " has no backend " + backend + "; its backends: "
                + String.join(
                        ", ", service.backends().stream().map(Objects::toString).toList());
    }
}
