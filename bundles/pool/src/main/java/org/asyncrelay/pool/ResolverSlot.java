package org.asyncrelay.pool;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.asyncrelay.api.BackendResolver;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pools' way to the dns bundle's {@link BackendResolver}, which may come and go (#20: a
 * {@code bundle:restart} of the dns bundle took every pool down with it, their cooldowns lost and
 * their clients closed while it was away). While it is away, names are resolved by the JDK on a
 * thread of this slot's; IP literals never need either.
 */
@Component(service = ResolverSlot.class)
public class ResolverSlot {

    private static final Logger LOG = LoggerFactory.getLogger(ResolverSlot.class);

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            bind = "bind",
            unbind = "unbind")
    private volatile BackendResolver resolver;

    private final ExecutorService jdkThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "relay-pool-jdk-dns");
        t.setDaemon(true);
        return t;
    });
    private final JdkResolver jdk = new JdkResolver(jdkThread);

    void bind(BackendResolver r) {
        resolver = r;
    }

    void unbind(BackendResolver r) {
        if (resolver == r) {
            resolver = null;
            LOG.info("relay pools: the DNS resolver went away, names are resolved by the JDK until it is back");
        }
    }

    CompletionStage<List<InetAddress>> resolve(String host) {
        BackendResolver r = resolver;
        if (r != null) {
            return r.resolve(host);
        }
        return jdk.resolve(host);
    }

    void invalidate(String host) {
        BackendResolver r = resolver;
        if (r != null) {
            r.invalidate(host);
        }
    }

    /** For the pool's tests: a slot that always has this resolver. */
    static ResolverSlot of(BackendResolver resolver) {
        ResolverSlot slot = new ResolverSlot();
        slot.bind(resolver);
        return slot;
    }

    @Deactivate
    void deactivate() {
        jdkThread.shutdownNow();
    }
}
