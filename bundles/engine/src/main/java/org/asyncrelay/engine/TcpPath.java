package org.asyncrelay.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import java.net.InetAddress;
import java.util.function.Supplier;
import org.asyncrelay.api.BackendPool;
import org.asyncrelay.api.Refusal;

/**
 * What each connection of one TCP service needs from it. A connection keeps the one it was
 * accepted with; a change of the service's settings makes a new one for the next connections.
 *
 * @param backendTemplate cloned per backend connection: #4, it saves a reflective channel-factory
 *     lookup and an options map per connection
 * @param spliceAfter bytes after which a direction is spliced, or -1
 * @param backends every backend socket, closed with the clients when the service goes
 * @param limit, clientLimits and refusals outlive settings changes: they belong to the service
 */
record TcpPath(
        String service,
        Counters counters,
        Supplier<BackendPool> pool,
        Bootstrap backendTemplate,
        long spliceAfter,
        ChannelGroup backends,
        ConnectionLimit limit,
        ClientPolicy policy,
        ClientLimits clientLimits,
        Refusals refusals,
        Throttle noPool,
        ConnectionObserver observer) {

    Bootstrap backendBootstrap(EventLoop loop) {
        return backendTemplate.clone(loop);
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
