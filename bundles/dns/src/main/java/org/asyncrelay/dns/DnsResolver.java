package org.asyncrelay.dns;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DefaultDnsCache;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.asyncrelay.api.BackendAddress;
import org.asyncrelay.api.BackendResolver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves backend names with Netty's asynchronous DNS resolver: never on the relay's event
 * loops, every A and AAAA record, each answer cached for its TTL but at most {@code max.ttl} (the
 * seed's hour). When a name server stops answering, the last good answer is served for up to
 * {@code stale.ttl} more; a name that no longer exists (NXDOMAIN) is not. Netty's resolver rather
 * than the JDK's: the JDK neither exposes TTLs nor resolves without blocking a thread per query.
 */
@Component(configurationPid = "org.asyncrelay.dns", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DnsResolver.Config.class)
public class DnsResolver implements BackendResolver {

    @ObjectClassDefinition(name = "async-relay DNS", description = "How backend host names are resolved.")
    public @interface Config {
        @AttributeDefinition(
                name = "Name servers",
                description = "host:port of the name servers to ask, in order; empty: those of /etc/resolv.conf.",
                required = false)
        String[] nameservers() default {};

        @AttributeDefinition(name = "Query timeout (s)", min = "1")
        int query_timeout() default 5;

        @AttributeDefinition(
                name = "Longest cache time (s)",
                description = "An answer is kept for its TTL, but never longer than this.",
                min = "0")
        int max_ttl() default 3600;

        @AttributeDefinition(
                name = "Stale answers (s)",
                description = "How long the last good answer is still used when the name servers do not answer.",
                min = "0")
        int stale_ttl() default 3600;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DnsResolver.class);

    private record Answer(List<InetAddress> addresses, Instant at) {}

    private final EventLoopGroup group;
    private final DnsNameResolver resolver;
    private final DefaultDnsCache cache;
    private final Duration staleTtl;
    private final Clock clock;
    private final Map<String, Answer> lastGood = new ConcurrentHashMap<>();
    private final Map<String, Boolean> servingStale = new ConcurrentHashMap<>();

    @Activate
    public DnsResolver(Config config) {
        this(
                List.of(config.nameservers()),
                config.query_timeout(),
                config.max_ttl(),
                config.stale_ttl(),
                Clock.systemUTC());
    }

    DnsResolver(List<String> nameservers, int queryTimeout, int maxTtl, int staleTtl, Clock clock) {
        this.clock = clock;
        this.staleTtl = Duration.ofSeconds(Math.max(0, staleTtl));
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("relay-dns", true));
        this.cache = new DefaultDnsCache(0, Math.max(0, maxTtl), 0);
        DnsNameResolverBuilder b = new DnsNameResolverBuilder(group.next())
                .datagramChannelType(NioDatagramChannel.class)
                .queryTimeoutMillis(TimeUnit.SECONDS.toMillis(Math.max(1, queryTimeout)))
                .resolveCache(cache)
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
                .recursionDesired(true);
        if (nameservers.isEmpty()) {
            b.nameServerProvider(DnsServerAddressStreamProviders.platformDefault());
        } else {
            InetSocketAddress[] servers = nameservers.stream()
                    .map(BackendAddress::parse)
                    .map(a -> new InetSocketAddress(a.host(), a.port()))
                    .toArray(InetSocketAddress[]::new);
            b.nameServerProvider(new SequentialDnsServerAddressStreamProvider(servers));
        }
        this.resolver = b.build();
        LOG.info(
                "relay dns: name servers {}, answers cached up to {} s, stale answers served up to {} s",
                nameservers.isEmpty() ? "of /etc/resolv.conf" : nameservers,
                maxTtl,
                staleTtl);
    }

    @Override
    public CompletionStage<List<InetAddress>> resolve(String host) {
        CompletableFuture<List<InetAddress>> result = new CompletableFuture<>();
        resolver.resolveAll(host).addListener(f -> {
            if (f.isSuccess()) {
                @SuppressWarnings("unchecked")
                List<InetAddress> addresses = List.copyOf((List<InetAddress>) f.getNow());
                lastGood.put(host, new Answer(addresses, clock.instant()));
                if (servingStale.remove(host) != null) {
                    LOG.info("relay dns: {} resolves again: {}", host, addresses);
                }
                result.complete(addresses);
                return;
            }
            Answer stale = lastGood.get(host);
            if (stale != null
                    && serverTrouble(f.cause())
                    && clock.instant().isBefore(stale.at().plus(staleTtl))) {
                if (servingStale.putIfAbsent(host, Boolean.TRUE) == null) {
                    LOG.warn(
                            "relay dns: {} cannot be resolved ({}); using its last answer {} from {}",
                            host,
                            f.cause().getMessage(),
                            stale.addresses(),
                            stale.at());
                }
                result.complete(stale.addresses());
                return;
            }
            result.completeExceptionally(f.cause());
        });
        return result;
    }

    /** A name server that did not answer, not a name that does not exist. */
    private static boolean serverTrouble(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DnsNameResolverTimeoutException) {
                return true;
            }
            String m = String.valueOf(t.getMessage());
            if (m.contains("SERVFAIL") || m.contains("REFUSED") || m.contains("timeout") || m.contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void invalidate(String host) {
        cache.clear(host);
    }

    @Deactivate
    void deactivate() {
        resolver.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
