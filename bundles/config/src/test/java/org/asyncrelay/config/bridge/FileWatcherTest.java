package org.asyncrelay.config.bridge;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatcherTest {

    @TempDir
    Path dir;

    @Test
    void seesInPlaceWritesAndRenamesOverTheFileAndDebounces() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "a");
        AtomicInteger changes = new AtomicInteger();
        try (FileWatcher w = new FileWatcher(file, Duration.ofMillis(300), changes::incrementAndGet)) {
            Files.writeString(file, "b");
            Files.writeString(file, "c");
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() == 1);
            // two writes within the delay are one reload
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> changes.get() == 1);

            // how vim and sed -i save: a new file renamed over the old one
            Path tmp = dir.resolve(".config.yaml.swp");
            Files.writeString(tmp, "d");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() == 2);

            Files.writeString(dir.resolve("other.yaml"), "x");
            // other files in the directory are ignored
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> changes.get() == 2);
        }
    }
}
