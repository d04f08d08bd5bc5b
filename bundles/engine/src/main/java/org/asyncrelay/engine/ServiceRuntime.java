package org.asyncrelay.engine;

import io.netty.channel.ChannelFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Supplier;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.Protocol;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.asyncrelay.api.ServiceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One relay service's listeners and state, independent of OSGi. */
final class ServiceRuntime implements RelayService {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);
    private static final long BIND_TIMEOUT_MILLIS = 10_000;

    /** What a service is told to do; a change of anything but backends and timeouts rebinds. */
    record Definition(
            String name,
            Protocol protocol,
            String listenAddress,
            int listenPort,
            List<BackendAddress> backends,
            RelaySettings settings,
            int backlog) {

        boolean sameListener(Definition other) {
            return protocol == other.protocol
                    && listenAddress.equals(other.listenAddress)
                    && listenPort == other.listenPort
                    && backlog == other.backlog;
        }
    }

    private final EventLoops loops;
    private final Supplier<BackendPool> pool;
    private final ServiceCounters counters = new ServiceCounters();
    private volatile Definition definition;
    private volatile ServiceState state = ServiceState.STARTING;
    private volatile String stateReason = "";
    private TcpRelay tcp;

    ServiceRuntime(EventLoops loops, Supplier<BackendPool> pool, Definition definition) {
        this.loops = loops;
        this.pool = pool;
        this.definition = definition;
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
        if (d.protocol().carriesTcp()) {
            tcp = new TcpRelay(d.name(), loops, counters, pool, d.settings());
            ChannelFuture f = tcp.bind(address, d.backlog(), BIND_TIMEOUT_MILLIS);
            if (!f.isSuccess()) {
                String why = f.cause() == null ? "timed out" : f.cause().getMessage();
                tcp = null;
                fail("cannot listen on TCP " + printable(address) + ": " + why);
                return;
            }
            LOG.info("relay {}: listening on TCP {} -> {}", d.name(), printable(tcp.localAddress()), d.backends());
        }
        if (d.protocol().carriesUdp()) {
            LOG.warn("relay {}: UDP relaying is not available in this version; only TCP is relayed", d.name());
        }
        state = ServiceState.RUNNING;
        stateReason = "";
    }

    /** Applies a new definition: rebinds when the listener changed, else keeps every connection. */
    synchronized void update(Definition next) {
        Definition previous = definition;
        definition = next;
        if (next.sameListener(previous) && state == ServiceState.RUNNING) {
            if (tcp != null) {
                tcp.settings(next.settings());
            }
            LOG.info("relay {}: configuration updated, connections kept", next.name());
            return;
        }
        LOG.info("relay {}: listener changed, rebinding", next.name());
        stopListeners();
        state = ServiceState.STARTING;
        start();
    }

    synchronized void stop() {
        state = ServiceState.STOPPING;
        stopListeners();
        state = ServiceState.STOPPED;
        LOG.info("relay {}: stopped", definition.name());
    }

    private void stopListeners() {
        if (tcp != null) {
            tcp.close();
            tcp = null;
        }
    }

    private void fail(String reason) {
        state = ServiceState.FAILED;
        stateReason = reason;
        LOG.error("relay {}: {}", definition.name(), reason);
    }

    /** The bound TCP address, with the real port when 0 was asked for. */
    synchronized InetSocketAddress tcpAddress() {
        return tcp == null ? null : tcp.localAddress();
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
        return counters.snapshot();
    }
}
