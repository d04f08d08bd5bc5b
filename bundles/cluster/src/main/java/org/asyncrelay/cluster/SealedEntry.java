package org.asyncrelay.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One entry the relays of a cluster share, as the text stored in Hazelcast: what it is ({@code
 * kind}), when it was made in cluster time ({@code version}), by which member ({@code origin}), its
 * body, and an HMAC-SHA256 over all of these. Hazelcast's open-source edition has no member
 * authentication, so the MAC is what keeps a host that reaches the cluster's port from writing
 * entries: without the key, it cannot make one that {@link Sealer#open} accepts.
 */
record SealedEntry(String kind, long version, String origin, String body) {

    static final String MAGIC = "async-relay-entry 1";

    /** Whether this entry wins over {@code other}: the later version, and on a tie the greater origin. */
    boolean newerThan(SealedEntry other) {
        if (version != other.version) {
            return version > other.version;
        }
        return origin.compareTo(other.origin) > 0;
    }

    java.time.Instant changedAt() {
        return java.time.Instant.ofEpochMilli(version);
    }

    String sha256() {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seals and opens entries with one key. */
    static final class Sealer {

        private final SecretKeySpec key;

        /** @param key the cluster's secret; when empty, the cluster name (integrity only: the cluster is on loopback) */
        Sealer(String key) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            this.key = new SecretKeySpec(bytes.length == 0 ? new byte[1] : bytes, "HmacSHA256");
        }

        String seal(SealedEntry e) {
            return MAGIC + "\n" + header(e) + "mac: " + mac(e) + "\n\n" + e.body();
        }

        /** The entry, if {@code text} is one and its MAC is right. */
        Optional<SealedEntry> open(String text) {
            if (text == null || !text.startsWith(MAGIC + "\n")) {
                return Optional.empty();
            }
            int end = text.indexOf("\n\n");
            if (end < 0) {
                return Optional.empty();
            }
            String kind = null;
            String origin = null;
            String mac = null;
            long version = -1;
            for (String line : text.substring(MAGIC.length() + 1, end).split("\n")) {
                int colon = line.indexOf(": ");
                if (colon < 0) {
                    return Optional.empty();
                }
                String value = line.substring(colon + 2);
                switch (line.substring(0, colon)) {
                    case "kind" -> kind = value;
                    case "origin" -> origin = value;
                    case "mac" -> mac = value;
                    case "version" -> {
                        try {
                            version = Long.parseLong(value);
                        } catch (NumberFormatException ex) {
                            return Optional.empty();
                        }
                    }
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            if (kind == null || origin == null || mac == null || version < 0) {
                return Optional.empty();
            }
            SealedEntry e = new SealedEntry(kind, version, origin, text.substring(end + 2));
            byte[] given;
            try {
                given = HexFormat.of().parseHex(mac);
            } catch (IllegalArgumentException ex) {
                return Optional.empty();
            }
            return MessageDigest.isEqual(given, HexFormat.of().parseHex(mac(e))) ? Optional.of(e) : Optional.empty();
        }

        private static String header(SealedEntry e) {
            return "kind: " + e.kind() + "\nversion: " + e.version() + "\norigin: " + e.origin() + "\n";
        }

        private String mac(SealedEntry e) {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                m.update(header(e).getBytes(StandardCharsets.UTF_8));
                m.update((byte) 0);
                return HexFormat.of().formatHex(m.doFinal(e.body().getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }
}
