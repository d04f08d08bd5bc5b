package org.asyncrelay.jmx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendState;
import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.ConfigFile;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.asyncrelay.api.status.ServiceStatus;
import org.asyncrelay.api.status.Unknown;

/**
 * {@link ServiceMXBean} over a running service. A bad argument is an {@link
 * IllegalArgumentException} with the valid names, which JMX clients show as the operation's
 * error.
 */
final class ServiceMBean implements ServiceMXBean {

    private final RelayService service;
    private final Supplier<ConfigFile> configFile;

    ServiceMBean(RelayService service, Supplier<ConfigFile> configFile) {
        this.service = service;
        this.configFile = configFile;
    }

    private RelayStats stats() {
        return service.stats();
    }

    @Override
    public String getName() {
        return service.name();
    }

    @Override
    public String getProtocol() {
        return service.protocol().configValue();
    }

    @Override
    public String getListen() {
        return ServiceStatus.hostPort(service.listenAddress(), service.listenPort());
    }

    @Override
    public String getState() {
        return service.state().name();
    }

    @Override
    public String getStateReason() {
        return service.stateReason();
    }

    @Override
    public long getTcpConnections() {
        return stats().tcpConnections();
    }

    @Override
    public long getTcpActive() {
        return stats().tcpActive();
    }

    @Override
    public long getTcpBytesReceived() {
        return stats().tcpBytesReceived();
    }

    @Override
    public long getTcpBytesSent() {
        return stats().tcpBytesSent();
    }

    @Override
    public long getTcpRefused() {
        return service.tcpRefused();
    }

    @Override
    public java.util.Map<String, Long> getTcpRefusals() {
        return service.tcpRefusals();
    }

    @Override
    public java.util.Map<String, Long> getUdpRefusals() {
        return service.udpRefusals();
    }

    @Override
    public java.util.List<String> getTrafficControl() {
        return service.trafficControl();
    }

    @Override
    public long getUdpSessions() {
        return stats().udpSessions();
    }

    @Override
    public long getUdpSessionsActive() {
        return stats().udpSessionsActive();
    }

    @Override
    public long getUdpPacketsReceived() {
        return stats().udpPacketsReceived();
    }

    @Override
    public long getUdpPacketsSent() {
        return stats().udpPacketsSent();
    }

    @Override
    public long getUdpBytesReceived() {
        return stats().udpBytesReceived();
    }

    @Override
    public long getUdpBytesSent() {
        return stats().udpBytesSent();
    }

    @Override
    public long getUdpPacketsDropped() {
        return stats().udpPacketsDropped();
    }

    @Override
    public long getConnectFailures() {
        return stats().connectFailures();
    }

    @Override
    public long getFailovers() {
        return service.failovers();
    }

    private List<BackendStatus> backends() {
        return service.pool().map(BackendPool::backends).orElse(List.of());
    }

    @Override
    public Map<String, String> getBackendStates() {
        Map<String, String> states = new LinkedHashMap<>();
        backends().forEach(b -> states.put(b.backend().toString(), b.state().name()));
        return states;
    }

    @Override
    public Map<String, Long> getBackendCooldownSeconds() {
        Map<String, Long> left = new LinkedHashMap<>();
        backends().stream()
                .filter(b -> b.state() == BackendState.COOLING)
                .forEach(b ->
                        left.put(b.backend().toString(), b.cooldownRemaining().toSeconds()));
        return left;
    }

    @Override
    public String drain(String backend) {
        return act(backend, BackendPool::drain, "draining");
    }

    @Override
    public String disable(String backend) {
        return act(backend, BackendPool::disable, "disabled");
    }

    @Override
    public String enable(String backend) {
        return act(backend, BackendPool::enable, "enabled");
    }

    @Override
    public String resetCooldown(String backend) {
        return act(backend, BackendPool::resetCooldown, "cooldown reset");
    }

    private String act(String backend, BiPredicate<BackendPool, BackendAddress> action, String done) {
        BackendPool pool = service.pool()
                .orElseThrow(() -> new IllegalStateException("relay " + service.name() + " has no backend pool yet"));
        BackendAddress address;
        try {
            address = BackendAddress.parse(backend == null ? "" : backend.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Unknown.backend(service, backend) + " (" + e.getMessage() + ")");
        }
        if (!action.test(pool, address)) {
            throw new IllegalArgumentException(Unknown.backend(service, address));
        }
        return "relay " + service.name() + ": backend " + address + " " + done;
    }

    @Override
    public String reload() {
        ConfigFile file = configFile.get();
        if (file == null) {
            throw new IllegalStateException("no configuration file: the services come from etc/*.cfg alone");
        }
        ConfigFile.ReloadResult r = file.reload();
        if (r.applied()) {
            return file.path() + " reloaded and applied";
        }
        return file.path() + " not applied, the running configuration stays: "
                + String.join("; ", r.errors().stream().map(Object::toString).toList());
    }
}
