package org.asyncrelay.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.asyncrelay.api.BackendResolver;
import org.junit.jupiter.api.Test;

class ResolverSlotTest {

    final List<String> asked = new ArrayList<>();

    final BackendResolver dns = new BackendResolver() {
        @Override
        public CompletionStage<List<InetAddress>> resolve(String host) {
            asked.add(host);
            return CompletableFuture.completedFuture(List.of(InetAddress.getLoopbackAddress()));
        }

        @Override
        public void invalidate(String host) {
            asked.add("forget " + host);
        }
    };

    @Test
    void namesGoToTheResolverWhileItIsThereAndToTheJdkWhileItIsAway() throws Exception {
        ResolverSlot slot = ResolverSlot.of(dns);
        assertThat(slot.resolve("backend.test").toCompletableFuture().get())
                .containsExactly(InetAddress.getLoopbackAddress());
        slot.invalidate("backend.test");
        slot.unbind(dns);
        // the dns bundle restarting: localhost still resolves, by the JDK, and nothing is asked of the gone one
        assertThat(slot.resolve("localhost").toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isNotEmpty();
        slot.invalidate("localhost");
        assertThat(asked).containsExactly("backend.test", "forget backend.test");
        slot.bind(dns);
        slot.resolve("again.test");
        assertThat(asked).endsWith("again.test");
        slot.deactivate();
    }
}
