package org.asyncrelay.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.asyncrelay.api.HookRun;
import org.asyncrelay.api.RelayEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;

class HookTest {

    static final Set<String> ALL = Set.of("backend_failed", "all_backends_unavailable", "backend_recovered");

    @TempDir
    Path dir;

    final HookExecutor executor = new HookExecutor();

    @AfterEach
    void stop() {
        executor.deactivate();
    }

    /** A real executable that writes its arguments (one per line) and its environment to files. */
    Path recorder(String name) throws Exception {
        Path script = dir.resolve(name);
        Files.writeString(
                script,
                "#!/bin/bash\n"
                        + "out=\"$(dirname \"$0\")/" + name + ".$RELAY_EVENT_TYPE\"\n"
                        + "printf '%s\\n' \"$@\" > \"$out.args\"\n"
                        + "env > \"$out.env\"\n"
                        + "printf '%s' \"$RELAY_EVENT_JSON\" > \"$out.json\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    static Event event(String type, boolean withBackend) {
        Map<String, Object> p = new HashMap<>();
        p.put(RelayEvents.EVENT, type);
        p.put(RelayEvents.SERVICE, "web-proxy");
        if (withBackend) {
            p.put(RelayEvents.BACKEND_HOST, "example.com");
            p.put(RelayEvents.BACKEND_PORT, 80);
            p.put(RelayEvents.BACKEND_IP, "93.184.216.34");
        }
        p.put(RelayEvents.FAILURE_COUNT, 2);
        p.put(RelayEvents.AVAILABLE_COUNT, withBackend ? 2 : 0);
        p.put(RelayEvents.TOTAL_COUNT, 3);
        p.put(RelayEvents.TIMESTAMP, "2026-11-26T08:00:00Z");
        return new Event(RelayEvents.topicOf(type), p);
    }

    static Map<String, String> env(Path file) throws Exception {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.startsWith("RELAY_")) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    @Test
    void everyEventTypeGetsTheSeedsVariablesAndJson() throws Exception {
        Path script = recorder("rec");
        HookQueue q = new HookQueue(
                "web-proxy", executor, new HookSettings(script.toString(), List.of(), ALL, Duration.ofSeconds(10)));
        q.offer(HookEvent.of(event("backend_failed", true)));
        q.offer(HookEvent.of(event("backend_recovered", true)));
        q.offer(HookEvent.of(event("all_backends_unavailable", false)));
        await().until(() -> executor.recentRuns().size() == 3);

        for (String type : List.of("backend_failed", "backend_recovered")) {
            Map<String, String> env = env(dir.resolve("rec." + type + ".env"));
            assertThat(env)
                    .containsEntry("RELAY_EVENT_TYPE", type)
                    .containsEntry("RELAY_SERVICE_NAME", "web-proxy")
                    .containsEntry("RELAY_BACKEND_HOST", "example.com")
                    .containsEntry("RELAY_BACKEND_PORT", "80")
                    .containsEntry("RELAY_BACKEND_IP", "93.184.216.34")
                    .containsEntry("RELAY_FAILURE_COUNT", "2")
                    .containsEntry("RELAY_AVAILABLE_COUNT", "2")
                    .containsEntry("RELAY_TOTAL_COUNT", "3")
                    .containsEntry("RELAY_TIMESTAMP", "2026-11-26T08:00:00Z");
            assertThat(Files.readString(dir.resolve("rec." + type + ".json")))
                    .isEqualTo("{\"event\":\"" + type + "\",\"service\":\"web-proxy\","
                            + "\"backend\":{\"host\":\"example.com\",\"port\":80,\"ip\":\"93.184.216.34\"},"
                            + "\"failure_count\":2,\"available_count\":2,\"total_count\":3,"
                            + "\"timestamp\":\"2026-11-26T08:00:00Z\"}");
        }
        Map<String, String> all = env(dir.resolve("rec.all_backends_unavailable.env"));
        assertThat(all).containsEntry("RELAY_EVENT_TYPE", "all_backends_unavailable");
        assertThat(all).doesNotContainKeys("RELAY_BACKEND_HOST", "RELAY_BACKEND_PORT", "RELAY_BACKEND_IP");
        assertThat(Files.readString(dir.resolve("rec.all_backends_unavailable.json")))
                .isEqualTo("{\"event\":\"all_backends_unavailable\",\"service\":\"web-proxy\","
                        + "\"failure_count\":2,\"available_count\":0,\"total_count\":3,"
                        + "\"timestamp\":\"2026-11-26T08:00:00Z\"}");
        assertThat(executor.recentRuns())
                .allMatch(r -> r.exitCode() == 0 && r.outcome().equals("exited"));
        assertThat(executor.recentRuns())
                .extracting(HookRun::event)
                .containsExactly("all_backends_unavailable", "backend_recovered", "backend_failed");
        assertThat(executor.runsByResult()).containsExactly(Map.entry("web-proxy", Map.of("ok", 3L)));
    }

    @Test
    void argumentsReachTheProgramVerbatimWithoutAShell() throws Exception {
        Path script = recorder("args");
        List<String> args =
                List.of("two words", "\"quoted\"", "$(touch " + dir.resolve("pwned") + ")", "; rm -rf /", "*", "`id`");
        HookQueue q = new HookQueue(
                "web-proxy", executor, new HookSettings(script.toString(), args, ALL, Duration.ofSeconds(10)));
        q.offer(HookEvent.of(event("backend_failed", true)));
        await().until(() -> executor.recentRuns().size() == 1);

        assertThat(Files.readAllLines(dir.resolve("args.backend_failed.args"))).containsExactlyElementsOf(args);
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void onlyTheConfiguredEventsRun() throws Exception {
        Path script = recorder("some");
        HookQueue q = new HookQueue(
                "s",
                executor,
                new HookSettings(script.toString(), List.of(), Set.of("backend_recovered"), Duration.ofSeconds(10)));
        q.offer(HookEvent.of(event("backend_failed", true)));
        q.offer(HookEvent.of(event("backend_recovered", true)));
        await().until(() -> executor.recentRuns().size() == 1);
        assertThat(executor.recentRuns().get(0).event()).isEqualTo("backend_recovered");
        assertThat(dir.resolve("some.backend_failed.env")).doesNotExist();
    }

    @Test
    void aHookThatOutlivesItsTimeoutIsKilledWithItsChildren() throws Exception {
        Path script = dir.resolve("slow");
        Path pids = dir.resolve("pids");
        Files.writeString(script, "#!/bin/bash\nsleep 1000 &\necho $$ $! > " + pids + "\nwait\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        HookQueue q = new HookQueue(
                "s", executor, new HookSettings(script.toString(), List.of(), ALL, Duration.ofSeconds(1)));
        q.offer(HookEvent.of(event("backend_failed", true)));
        await().atMost(Duration.ofSeconds(20)).until(() -> executor.recentRuns().size() == 1);

        HookRun run = executor.recentRuns().get(0);
        assertThat(run.outcome()).isEqualTo("timed out");
        assertThat(run.exitCode()).isEqualTo(-1);
        assertThat(executor.runsByResult()).containsExactly(Map.entry("web-proxy", Map.of("timed_out", 1L)));
        String[] both = Files.readString(pids).trim().split(" ");
        for (String pid : both) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> ProcessHandle.of(Long.parseLong(pid))
                            .map(h -> !h.isAlive())
                            .orElse(true));
        }
    }

    @Test
    void aMissingCommandIsRecordedAsNotStarted() {
        HookQueue q = new HookQueue(
                "s", executor, new HookSettings(dir.resolve("nope").toString(), List.of(), ALL, Duration.ofSeconds(1)));
        q.offer(HookEvent.of(event("backend_failed", true)));
        await().until(() -> executor.recentRuns().size() == 1);
        assertThat(executor.recentRuns().get(0).outcome()).startsWith("not started:");
        assertThat(executor.runsByResult()).containsExactly(Map.entry("web-proxy", Map.of("not_started", 1L)));
    }

    @Test
    void aBurstIsBoundedAndNeverBlocksThePublisher() throws Exception {
        Path script = dir.resolve("nap");
        Files.writeString(script, "#!/bin/bash\nsleep 0.2\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        HookQueue q = new HookQueue(
                "s", executor, new HookSettings(script.toString(), List.of(), ALL, Duration.ofSeconds(5)));
        int threadsBefore = Thread.activeCount();
        for (int i = 0; i < 1000; i++) {
            q.offer(HookEvent.of(event("backend_failed", true)));
        }
        int ranDuringTheBurst = executor.recentRuns().size();
        assertThat(executor.dropped())
                .as("beyond the queue limit and the one running")
                .isBetween(1000L - HookQueue.LIMIT - 1, 1000L - HookQueue.LIMIT);
        assertThat(Thread.activeCount() - threadsBefore)
                .as("threads started for the burst")
                .isLessThanOrEqualTo(HookExecutor.THREADS + 2);
        assertThat(ranDuringTheBurst)
                .as("the offers did not wait for the 0.2 s hooks to run")
                .isLessThan(5);
    }

    @Test
    void aChangedHookAppliesToTheNextEvent() throws Exception {
        Path first = recorder("first");
        Path second = recorder("second");
        HookQueue q =
                new HookQueue("s", executor, new HookSettings(first.toString(), List.of(), ALL, Duration.ofSeconds(5)));
        q.offer(HookEvent.of(event("backend_failed", true)));
        await().until(() -> executor.recentRuns().size() == 1);
        q.settings(new HookSettings(second.toString(), List.of(), ALL, Duration.ofSeconds(5)));
        q.offer(HookEvent.of(event("backend_recovered", true)));
        await().until(() -> executor.recentRuns().size() == 2);
        assertThat(dir.resolve("second.backend_recovered.env")).exists();
        assertThat(dir.resolve("first.backend_recovered.env")).doesNotExist();
    }
}
