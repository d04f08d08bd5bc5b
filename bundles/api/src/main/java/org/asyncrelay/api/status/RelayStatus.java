package org.asyncrelay.api.status;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.asyncrelay.api.HostNames;
import org.asyncrelay.api.RelayService;

/**
 * Every relay service at one moment, by name, and what the relay knows of the host names its
 * backends resolve to.
 */
public record RelayStatus(List<ServiceStatus> services, Map<String, List<String>> dnsCache) {

    public RelayStatus {
        services = List.copyOf(services);
        dnsCache = java.util.Collections.unmodifiableMap(new TreeMap<>(dnsCache));
    }

    public static RelayStatus of(Collection<RelayService> running) {
        List<ServiceStatus> services = running == null
                ? List.of()
                : running.stream()
                        .map(ServiceStatus::of)
                        .sorted(Comparator.comparing(ServiceStatus::name))
                        .toList();
        Map<String, List<String>> dns = new TreeMap<>();
        for (ServiceStatus s : services) {
            for (BackendView b : s.backends()) {
                String host = b.status().backend().host();
                if (!HostNames.isIpv4Literal(host)
                        && !HostNames.isIpv6Literal(host)
                        && !b.status().resolvedAddresses().isEmpty()) {
                    dns.put(host, b.status().resolvedAddresses());
                }
            }
        }
        return new RelayStatus(services, dns);
    }

    /** The service named {@code name}. */
    public java.util.Optional<ServiceStatus> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
