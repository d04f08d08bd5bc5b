package org.asyncrelay.engine;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;

/** Every integrity test again on the NIO transport, the fallback when epoll does not load. */
class TcpIntegrityNioTest extends TcpIntegrityTest {

    @BeforeAll
    static void startLoops() {
        loops = new EventLoops(2, false, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }
}
