package org.asyncrelay.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.Refusal;

/**
 * What each connection of one TCP service needs from it. A connection keeps the one it was
 * accepted with; a change of the service's settings makes a new one for the next connections.
 *
 * @param backendTemplate cloned per backend connection: #4, it saves a reflective channel-factory
 *     lookup and an options map per connection; it has no channel factory, {@link
 *     #backendBootstrap} gives one per address ({@link NettyInternals#connecting})
 * @param epoll whether the channels are the epoll transport's
 * @param spliceAfter bytes after which a direction is spliced, or -1
 * @param backends every backend socket, closed with the clients when the service goes
 * @param limit, clientLimits and refusals outlive settings changes: they belong to the service
 */
record TcpPath(
        String service,
        Counters counters,
        Supplier<BackendPool> pool,
        Bootstrap backendTemplate,
        boolean epoll,
        long spliceAfter,
        ChannelGroup backends,
        ConnectionLimit limit,
        ClientPolicy policy,
        ClientLimits clientLimits,
        Refusals refusals,
        Throttle noPool,
        ConnectionObserver observer) {

    /** How to connect to {@code to} from {@code loop}. */
    Bootstrap backendBootstrap(EventLoop loop, InetSocketAddress to) {
        return backendTemplate.clone(loop).channelFactory(NettyInternals.connecting(epoll, to));
    }

    /**
     * Whether {@code client} may be relayed (allow, deny, per-client limits): null, or the {@link
     * Refusal} reason. An admitted client is counted by the per-client limits when they are on.
     */
    String admitClient(InetAddress client) {
        if (policy.denied(client)) {
            return Refusal.DENIED;
        }
        if (policy.limitsClients()) {
            return clientLimits.admit(client, policy.maxPerClient(), policy.newPerClientPerSecond());
        }
        return null;
    }
}
