package org.asyncrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SealedEntryTest {

    private final SealedEntry.Sealer sealer = new SealedEntry.Sealer("cluster secret");
    private final SealedEntry entry =
            new SealedEntry("config", 1_700_000_000_123L, "198.18.0.1:5701", "services: []\n\nx");

    @Test
    void aSealedEntryOpensWithTheSameKey() {
        assertThat(sealer.open(sealer.seal(entry))).contains(entry);
    }

    @Test
    void anEntryWithAnotherKeyAChangedFieldOrNoMacIsRefused() {
        String sealed = sealer.seal(entry);

        assertThat(new SealedEntry.Sealer("another").open(sealed)).isEmpty();
        assertThat(sealer.open(sealed.replace("services: []", "services: [x]"))).isEmpty();
        assertThat(sealer.open(sealed.replace("version: 1700000000123", "version: 1700000000124")))
                .isEmpty();
        assertThat(sealer.open(sealed.replace("origin: 198.18.0.1", "origin: 198.18.0.9")))
                .isEmpty();
        assertThat(sealer.open(sealed.replaceAll("mac: [0-9a-f]+", "mac: 00"))).isEmpty();
        assertThat(sealer.open(sealed.replaceAll("mac: [0-9a-f]+\\n", ""))).isEmpty();
        assertThat(sealer.open("services: []")).isEmpty();
        assertThat(sealer.open(null)).isEmpty();
    }

    @Test
    void theLaterVersionWinsAndOnATieTheGreaterOrigin() {
        SealedEntry later = new SealedEntry("config", entry.version() + 1, "198.18.0.0:1", "a");
        SealedEntry tie = new SealedEntry("config", entry.version(), "198.18.0.2:5701", "b");

        assertThat(later.newerThan(entry)).isTrue();
        assertThat(entry.newerThan(later)).isFalse();
        assertThat(tie.newerThan(entry)).isTrue();
        assertThat(entry.newerThan(tie)).isFalse();
    }
}
