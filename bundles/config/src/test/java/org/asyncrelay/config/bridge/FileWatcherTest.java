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
        try (FileWatcher w = new FileWatcher()) {
            w.watch(file, Duration.ofMillis(300), changes::incrementAndGet);
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

    @Test
    void oneWatcherCallsBackForEachOfItsFilesOnlyWhenThatFileChanges() throws Exception {
        Path config = dir.resolve("config.yaml");
        Path signal = Files.createDirectory(dir.resolve("run")).resolve("reload");
        Path sameDir = dir.resolve("second.yaml");
        Files.writeString(config, "a");
        AtomicInteger configChanges = new AtomicInteger();
        AtomicInteger signals = new AtomicInteger();
        AtomicInteger secondChanges = new AtomicInteger();
        try (FileWatcher w = new FileWatcher()) {
            w.watch(config, Duration.ofMillis(200), configChanges::incrementAndGet);
            w.watch(signal, Duration.ZERO, signals::incrementAndGet);
            w.watch(sameDir, Duration.ofMillis(200), secondChanges::incrementAndGet);

            Files.writeString(signal, "1");
            await().atMost(Duration.ofSeconds(10)).until(() -> signals.get() >= 1);
            Files.writeString(config, "b");
            await().atMost(Duration.ofSeconds(10)).until(() -> configChanges.get() == 1);
            Files.writeString(sameDir, "c");
            await().atMost(Duration.ofSeconds(10)).until(() -> secondChanges.get() == 1);
            await().during(Duration.ofMillis(600))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> configChanges.get() == 1 && secondChanges.get() == 1);
        }
        // closed: nothing is called any more
        int before = configChanges.get();
        Files.writeString(config, "d");
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> configChanges.get() == before);
    }
}
