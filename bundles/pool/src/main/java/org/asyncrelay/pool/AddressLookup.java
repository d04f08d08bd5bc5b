package org.asyncrelay.pool;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.asyncrelay.api.BackendAddress;

/** A backend's socket addresses: parsed for IP literals, from the DNS resolver for names. */
final class AddressLookup {

    private final ResolverSlot resolver;
    /** #4: a literal is parsed once, not on each connection. */
    private final Map<BackendAddress, CompletionStage<List<InetSocketAddress>>> literals = new ConcurrentHashMap<>();
    /** The last answer of the resolver per backend and its socket addresses: the same answer maps to the same list. */
    private final Map<BackendAddress, Mapped> mapped = new ConcurrentHashMap<>();

    private record Mapped(List<InetAddress> answer, List<InetSocketAddress> addresses) {}

    AddressLookup(ResolverSlot resolver) {
        this.resolver = resolver;
    }

    /** With a resolver that is always there. */
    AddressLookup(org.asyncrelay.api.BackendResolver resolver) {
        this(ResolverSlot.of(resolver));
    }

    /** A backend's addresses; while its name's cached answer does not change, the same list each time. */
    CompletionStage<List<InetSocketAddress>> resolve(BackendAddress backend) {
        CompletionStage<List<InetSocketAddress>> literal = literals.get(backend);
        if (literal != null) {
            // #17: known as a literal; telling one from a name takes two regular expressions
            return literal;
        }
        if (backend.isIpLiteral()) {
            return literals.computeIfAbsent(backend, AddressLookup::parse);
        }
        return resolver.resolve(backend.host()).thenApply(answer -> {
            if (answer.isEmpty()) {
                throw new java.util.concurrent.CompletionException(
                        new UnknownHostException(backend.host() + ": no address"));
            }
            Mapped m = mapped.get(backend);
            if (m == null || m.answer() != answer) {
                m = new Mapped(
                        answer,
                        answer.stream()
                                .map(a -> new InetSocketAddress(a, backend.port()))
                                .toList());
                mapped.put(backend, m);
            }
            return m.addresses();
        });
    }

    private static CompletionStage<List<InetSocketAddress>> parse(BackendAddress backend) {
        try {
            return CompletableFuture.completedFuture(
                    List.of(new InetSocketAddress(InetAddress.getByName(backend.host()), backend.port())));
        } catch (UnknownHostException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Forgets a host's cached addresses: the seed does this on a backend's first failure. */
    void invalidate(String host) {
        resolver.invalidate(host);
    }
}
