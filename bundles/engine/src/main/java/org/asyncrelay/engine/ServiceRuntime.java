package org.asyncrelay.engine;

import io.netty.channel.ChannelFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.ConnectStats;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.asyncrelay.api.ServiceState;
import org.asyncrelay.api.settings.SettingValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One relay service's listeners and state, independent of OSGi. */
final class ServiceRuntime implements RelayService {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);
    private static final long BIND_TIMEOUT_MILLIS = 10_000;

    /** What a service is told to do; a change of protocol or listener rebinds, the rest does not. */
    record Definition(
            String name,
            Protocol protocol,
            String listenAddress,
            int listenPort,
            int backlog,
            boolean splice,
            List<BackendAddress> backends,
            SettingValues settings) {

        /** splice belongs to the listener: it sets the epoll mode of each socket it accepts. */
        boolean sameListener(Definition other) {
            return protocol == other.protocol
                    && listenAddress.equals(other.listenAddress)
                    && listenPort == other.listenPort
                    && backlog == other.backlog
                    && splice == other.splice;
        }
    }

    private final EventLoops loops;
    private final Supplier<BackendPool> pool;
    private final ConnectionObserver observer;
    private final Counters counters = new Counters();
    private final Refusals refusals;
    private volatile Definition definition;
    private volatile ServiceState state = ServiceState.STARTING;
    private volatile String stateReason = "";
    private TcpRelay tcp;
    private UdpRelay udp;

    ServiceRuntime(EventLoops loops, Supplier<BackendPool> pool, ConnectionObserver observer, Definition definition) {
        this.loops = loops;
        this.pool = pool;
        this.observer = observer;
        this.definition = definition;
        this.refusals = new Refusals(definition.name());
    }

    synchronized void start() {
        Definition d = definition;
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(d.listenAddress()), d.listenPort());
        } catch (UnknownHostException e) {
            fail("cannot resolve listen address " + d.listenAddress());
            return;
        }
        List<String> bound = new ArrayList<>();
        if (d.protocol().carriesTcp()) {
            tcp = new TcpRelay(d.name(), loops, counters, pool, observer, d.settings(), d.splice(), refusals);
            String failure = tcp.bind(address, d.backlog(), BIND_TIMEOUT_MILLIS);
            if (failure != null) {
                tcp = null;
                fail("cannot listen on TCP " + printable(address) + ": " + failure);
                return;
            }
            bound.add("TCP " + printable(tcp.localAddress()));
        }
        if (d.protocol().carriesUdp()) {
            // the same port as TCP when 0 was asked for, so both protocols share one number
            InetSocketAddress udpAddress = tcp != null ? tcp.localAddress() : address;
            udp = new UdpRelay(d.name(), loops, counters, pool, observer, d.settings(), refusals);
            ChannelFuture f = udp.bind(udpAddress, BIND_TIMEOUT_MILLIS);
            if (!f.isSuccess()) {
                udp = null;
                stopListeners(Duration.ZERO, true);
                fail("cannot listen on UDP " + printable(udpAddress) + ": " + reason(f));
                return;
            }
            bound.add("UDP " + printable(udp.localAddress()));
        }
        state = ServiceState.RUNNING;
        stateReason = "";
        LOG.info("relay {}: listening on {} -> {}", d.name(), String.join(" and ", bound), d.backends());
    }

    /**
     * Applies a new definition. Backends and timeouts change under live connections; a new
     * listener closes the old one and lets its connections finish within {@code grace}.
     */
    synchronized void update(Definition next, Duration grace) {
        Definition previous = definition;
        definition = next;
        if (next.sameListener(previous) && state == ServiceState.RUNNING) {
            if (tcp != null) {
                tcp.settings(next.settings());
            }
            if (udp != null) {
                udp.settings(next.settings());
            }
            LOG.info("relay {}: configuration updated, connections kept", next.name());
            return;
        }
        LOG.info("relay {}: listener changed, rebinding", next.name());
        stopListeners(grace, false);
        state = ServiceState.STARTING;
        start();
    }

    /**
     * Closes the listeners at once and established connections after {@code grace}; with {@code
     * wait}, returns only when they are closed.
     */
    synchronized void stop(Duration grace, boolean wait) {
        state = ServiceState.STOPPING;
        stopListeners(grace, wait);
        state = ServiceState.STOPPED;
        LOG.info("relay {}: stopped", definition.name());
    }

    private void stopListeners(Duration grace, boolean wait) {
        if (tcp != null) {
            tcp.closeListener();
            tcp.closeConnectionsAfter(grace, wait);
            tcp = null;
        }
        if (udp != null) {
            udp.close();
            udp = null;
        }
    }

    private void fail(String reason) {
        state = ServiceState.FAILED;
        stateReason = reason;
        LOG.error("relay {}: {}", definition.name(), reason);
    }

    synchronized InetSocketAddress tcpAddress() {
        return tcp == null ? null : tcp.localAddress();
    }

    synchronized InetSocketAddress udpAddress() {
        return udp == null ? null : udp.localAddress();
    }

    private static String reason(ChannelFuture f) {
        return f.cause() == null ? "timed out" : f.cause().getMessage();
    }

    private static String printable(InetSocketAddress a) {
        String host =
                a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    @Override
    public String name() {
        return definition.name();
    }

    @Override
    public Protocol protocol() {
        return definition.protocol();
    }

    @Override
    public String listenAddress() {
        return definition.listenAddress();
    }

    @Override
    public int listenPort() {
        return definition.listenPort();
    }

    @Override
    public List<BackendAddress> backends() {
        return definition.backends();
    }

    @Override
    public ServiceState state() {
        return state;
    }

    @Override
    public String stateReason() {
        return stateReason;
    }

    @Override
    public RelayStats stats() {
        return counters.service.snapshot();
    }

    @Override
    public Optional<BackendPool> pool() {
        return Optional.ofNullable(pool.get());
    }

    @Override
    public Map<BackendAddress, RelayStats> backendStats() {
        return counters.backendSnapshots();
    }

    @Override
    public Map<BackendAddress, ConnectStats> connectStats() {
        return counters.connectSnapshots();
    }

    @Override
    public long failovers() {
        return counters.service.failovers.sum();
    }

    @Override
    public Map<String, Long> tcpRefusals() {
        return refusals.tcpCounts();
    }

    @Override
    public Map<String, Long> udpRefusals() {
        return refusals.udpCounts();
    }

    @Override
    public List<String> trafficControl() {
        return ClientPolicy.describe(definition.settings());
    }
}
