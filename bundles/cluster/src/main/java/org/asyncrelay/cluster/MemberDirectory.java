package org.asyncrelay.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.asyncrelay.api.ClusterView;

/**
 * What each member says of itself, for the cluster's one view: an entry per member (by its
 * Hazelcast uuid) with its name, start time, the configuration version it has in force and whether
 * its services all run. Written by the member itself when any of that changes; removed when the
 * member leaves.
 */
final class MemberDirectory {

    static final String KIND = "member";

    private final IMap<String, String> map;
    private final SealedEntry.Sealer sealer;
    private final String self;
    private final LongSupplier clusterTime;
    private final long startedAt;
    private String lastBody = "";

    MemberDirectory(IMap<String, String> map, SealedEntry.Sealer sealer, String self, LongSupplier clusterTime) {
        this.map = map;
        this.sealer = sealer;
        this.self = self;
        this.clusterTime = clusterTime;
        this.startedAt = clusterTime.getAsLong();
    }

    /** Writes this member's entry when what it says changed. */
    void update(String uuid, long configVersion, boolean healthy) {
        String body = "started " + startedAt + "\nconfig " + configVersion + "\nhealthy " + healthy;
        if (!body.equals(lastBody) || !map.containsKey(uuid)) {
            map.set(uuid, sealer.seal(new SealedEntry(KIND, clusterTime.getAsLong(), self, body)));
            lastBody = body;
        }
    }

    void left(String uuid) {
        map.delete(uuid);
    }

    /** The members as Hazelcast sees them (oldest first), with what each said of itself. */
    List<ClusterView.Member> view(Set<Member> members, String localUuid) {
        List<ClusterView.Member> out = new ArrayList<>();
        long now = clusterTime.getAsLong();
        for (Member m : members) {
            String uuid = m.getUuid().toString();
            Map<String, String> said = said(uuid);
            String address = m.getAddress().getHost() + ":" + m.getAddress().getPort();
            long started = parse(said.get("started"));
            out.add(new ClusterView.Member(
                    Optional.ofNullable(said.get("name")).orElse(address),
                    address,
                    uuid.equals(localUuid),
                    started > 0 ? Duration.ofMillis(Math.max(0, now - started)) : Duration.ZERO,
                    parse(said.get("config")),
                    Boolean.parseBoolean(said.get("healthy"))));
        }
        return out;
    }

    private Map<String, String> said(String uuid) {
        Map<String, String> fields = new LinkedHashMap<>();
        Optional.ofNullable(map.get(uuid))
                .flatMap(sealer::open)
                .filter(e -> KIND.equals(e.kind()))
                .ifPresent(e -> {
                    fields.put("name", e.origin());
                    for (String line : e.body().split("\n")) {
                        int space = line.indexOf(' ');
                        if (space > 0) {
                            fields.put(line.substring(0, space), line.substring(space + 1));
                        }
                    }
                });
        return fields;
    }

    private static long parse(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
