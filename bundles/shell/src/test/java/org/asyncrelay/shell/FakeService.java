package org.asyncrelay.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.BackendSelection;
import org.asyncrelay.api.BackendState;
import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.asyncrelay.api.ServiceState;

/** A relay service as the shell sees it, with a pool whose backends' states the test sets. */
final class FakeService implements RelayService {

    final String name;
    final List<BackendAddress> backends;
    final List<BackendState> states = new ArrayList<>();
    final List<String> actions = new ArrayList<>();
    boolean poolRegistered = true;
    List<String> trafficControl = List.of();
    java.util.Map<String, Long> tcpRefusals = java.util.Map.of();

    @Override
    public List<String> trafficControl() {
        return trafficControl;
    }

    @Override
    public java.util.Map<String, Long> tcpRefusals() {
        return tcpRefusals;
    }

    FakeService(String name, String... backends) {
        this.name = name;
        this.backends =
                java.util.Arrays.stream(backends).map(BackendAddress::parse).toList();
        this.backends.forEach(b -> states.add(BackendState.AVAILABLE));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Protocol protocol() {
        return Protocol.TCP;
    }

    @Override
    public String listenAddress() {
        return "::";
    }

    @Override
    public int listenPort() {
        return 8080;
    }

    @Override
    public List<BackendAddress> backends() {
        return backends;
    }

    @Override
    public ServiceState state() {
        return ServiceState.RUNNING;
    }

    @Override
    public String stateReason() {
        return "";
    }

    @Override
    public RelayStats stats() {
        return new RelayStats(5, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public Optional<BackendPool> pool() {
        return poolRegistered ? Optional.of(pool) : Optional.empty();
    }

    @Override
    public Map<BackendAddress, RelayStats> backendStats() {
        return Map.of(backends.get(0), new RelayStats(3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    final BackendPool pool = new BackendPool() {
        @Override
        public String serviceName() {
            return name;
        }

        @Override
        public boolean healthCheckEnabled() {
            return false;
        }

        @Override
        public BackendSelection select() {
            throw new UnsupportedOperationException("the shell never selects");
        }

        @Override
        public List<BackendStatus> backends() {
            return statuses();
        }

        @Override
        public boolean drain(BackendAddress backend) {
            return act("drain", backend, BackendState.DRAINING);
        }

        @Override
        public boolean disable(BackendAddress backend) {
            return act("disable", backend, BackendState.DISABLED);
        }

        @Override
        public boolean enable(BackendAddress backend) {
            return act("enable", backend, BackendState.AVAILABLE);
        }

        @Override
        public boolean resetCooldown(BackendAddress backend) {
            return act("reset-cooldown", backend, BackendState.AVAILABLE);
        }
    };

    private boolean act(String action, BackendAddress backend, BackendState next) {
        int i = backends.indexOf(backend);
        if (i < 0) {
            return false;
        }
        actions.add(action + " " + backend);
        states.set(i, next);
        return true;
    }

    List<BackendStatus> statuses() {
        List<BackendStatus> result = new ArrayList<>();
        for (int i = 0; i < backends.size(); i++) {
            BackendState s = states.get(i);
            result.add(new BackendStatus(
                    i,
                    i,
                    backends.get(i),
                    s,
                    "",
                    s == BackendState.COOLING ? 2 : 0,
                    s == BackendState.COOLING ? Duration.ofSeconds(90) : Duration.ZERO,
                    List.of("192.0.2." + (i + 1)),
                    "",
                    Duration.ZERO));
        }
        return result;
    }
}
