package org.asyncrelay.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The figures of the reliability suite (#20): each test adds its rows to {@code
 * target/reliability/results.tsv}; {@code reliability/run.sh} turns them into
 * reliability/RESULTS.md. {@code -Dreliability.long=true} runs the long part: full durations
 * and the soak.
 */
final class ReliabilityResults {

    static final boolean LONG = Boolean.getBoolean("reliability.long");
    static final Path FILE = Path.of("target", "reliability", "results.tsv");

    private ReliabilityResults() {}

    /** The fast part's value, or the long part's. */
    static int scaled(int fast, int full) {
        return LONG ? full : fast;
    }

    /** One row: the area (faults, load, hostile input, soak), what was done, and what it showed. */
    static synchronized void record(String area, String what, String figure) {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(
                    FILE,
                    area + "\t" + what + "\t" + figure + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
