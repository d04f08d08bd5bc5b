package org.asyncrelay.pool;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.asyncrelay.api.BackendResolver;

/** The JDK's resolver on an executor: the pools' stand-in while the dns bundle's is away ({@link ResolverSlot}). */
final class JdkResolver implements BackendResolver {

    private final Executor executor;

    JdkResolver(Executor executor) {
        this.executor = executor;
    }

    @Override
    public CompletionStage<List<InetAddress>> resolve(String host) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return List.of(InetAddress.getAllByName(host));
                    } catch (UnknownHostException e) {
                        throw new CompletionException(e);
                    }
                },
                executor);
    }

    @Override
    public void invalidate(String host) {
        // the JDK keeps its own short cache (networkaddress.cache.ttl)
    }
}
