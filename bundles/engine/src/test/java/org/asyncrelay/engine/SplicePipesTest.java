package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.FileDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** #17: splice pipes of 1 MiB, no more of them at once than the user's pipe budget allows. */
class SplicePipesTest {

    @Test
    void halfOfTheUsersSoftLimitGoesToLargePipes() {
        assertThat(SplicePipes.largePipesAllowed(16_384, 1 << 20)).isEqualTo(32);
        assertThat(SplicePipes.largePipesAllowed(16_384, 256 * 1024)).isEqualTo(128);
        assertThat(SplicePipes.largePipesAllowed(0, 1 << 20)).isEqualTo(Integer.MAX_VALUE);
        assertThat(SplicePipes.largePipesAllowed(100, 1 << 20)).isZero();
    }

    @Test
    void largePipesHoldAMebibyteUntilAsManyAreOpenAsAllowed() throws Exception {
        Epoll.ensureAvailability(); // FileDescriptor.pipe() is in Netty's native library
        SplicePipes.prepare();
        await().until(() -> SplicePipes.bytes() > SplicePipes.DEFAULT_BYTES);
        // the relays of other tests in this JVM close theirs with their connections
        await().until(() -> SplicePipes.largeOpen() == 0);
        SplicePipes.largeAllowed(3);
        List<FileDescriptor[]> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                FileDescriptor[] pipe = SplicePipes.openLarge();
                assertThat(pipe).isNotNull();
                assertThat(SplicePipes.size(pipe[1])).isEqualTo(SplicePipes.bytes());
                open.add(pipe);
            }
            assertThat(SplicePipes.openLarge()).as("a fourth one").isNull();
            FileDescriptor[] first = open.remove(0);
            first[0].close();
            first[1].close();
            SplicePipes.closed();
            FileDescriptor[] again = SplicePipes.openLarge();
            assertThat(again).as("one more once one is closed").isNotNull();
            open.add(again);
        } finally {
            for (FileDescriptor[] pipe : open) {
                pipe[0].close();
                pipe[1].close();
                SplicePipes.closed();
            }
            SplicePipes.largeAllowed(Integer.MAX_VALUE);
        }
        assertThat(SplicePipes.largeOpen()).isZero();
    }
}
