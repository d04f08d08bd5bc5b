package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventLoopsTest {

    @Test
    void byDefaultOneLoopPerTwoCoresAndAtLeastOne() {
        assertThat(EventLoops.defaultThreads(1)).isEqualTo(1);
        assertThat(EventLoops.defaultThreads(2)).isEqualTo(1);
        assertThat(EventLoops.defaultThreads(3)).isEqualTo(1);
        assertThat(EventLoops.defaultThreads(16)).isEqualTo(8);
    }

    @Test
    void aConfiguredThreadCountIsTakenAsGiven() {
        EventLoops loops = new EventLoops(3, true, Duration.ofSeconds(1), Duration.ofSeconds(1));
        try {
            int n = 0;
            for (var ignored : loops.group()) {
                n++;
            }
            assertThat(n).isEqualTo(3);
        } finally {
            loops.deactivate();
        }
    }
}
