package org.asyncrelay.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import java.util.function.Supplier;
import org.asyncrelay.api.BackendPool;

/**
 * What each connection of one TCP service needs from it. A connection keeps the one it was
 * accepted with; a change of the service's settings makes a new one for the next connections.
 *
 * @param backendTemplate cloned per backend connection: #4, it saves a reflective channel-factory
 *     lookup and an options map per connection
 * @param spliceAfter bytes after which a direction is spliced, or -1
 * @param backends every backend socket, closed with the clients when the service goes
 */
record TcpPath(
        String service,
        Counters counters,
        Supplier<BackendPool> pool,
        Bootstrap backendTemplate,
        long spliceAfter,
        ChannelGroup backends,
        ConnectionLimit limit,
        ConnectionObserver observer) {

    Bootstrap backendBootstrap(EventLoop loop) {
        return backendTemplate.clone(loop);
    }
}
