package org.asyncrelay.pool;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendResolver;

/** A backend's socket addresses: parsed for IP literals, from the {@link BackendResolver} for names. */
final class AddressLookup {

    private final BackendResolver resolver;

    AddressLookup(BackendResolver resolver) {
        this.resolver = resolver;
    }

    CompletionStage<List<InetSocketAddress>> resolve(BackendAddress backend) {
        if (backend.isIpLiteral()) {
            try {
                // a literal is parsed, not looked up
                return CompletableFuture.completedFuture(
                        List.of(new InetSocketAddress(InetAddress.getByName(backend.host()), backend.port())));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return resolver.resolve(backend.host()).thenApply(addresses -> {
            if (addresses.isEmpty()) {
                throw new java.util.concurrent.CompletionException(
                        new UnknownHostException(backend.host() + ": no address"));
            }
            return addresses.stream()
                    .map(a -> new InetSocketAddress(a, backend.port()))
                    .toList();
        });
    }

    /** Forgets a host's cached addresses: the seed does this on a backend's first failure. */
    void invalidate(String host) {
        resolver.invalidate(host);
    }
}
