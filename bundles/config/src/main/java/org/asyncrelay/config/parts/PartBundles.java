package org.asyncrelay.config.parts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.asyncrelay.config.parts.OptionalParts.Part;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundles of the parts that the distribution does not install at start, as the build lists them
 * in {@code etc/relay-parts.properties}, in the format and order of Karaf's {@code startup.properties}
 * ({@code reference\:file\:PATH-IN-SYSTEM = START-LEVEL}, the level naming the part).
 */
final class PartBundles {

    private static final Logger LOG = LoggerFactory.getLogger(PartBundles.class);
    static final String FILE = "relay-parts.properties";

    record Entry(String location, Part part) {}

    private PartBundles() {}

    /**
     * Installs what is missing of {@code parts} (of every part, with the features service), each
     * bundle at its part's level and marked to be started: the framework starts it when its part's
     * level is lowered, in its own thread.
     */
    static void install(BundleContext context, Set<Part> parts) {
        String etc = context.getProperty("karaf.etc");
        String home = context.getProperty("karaf.home");
        if (etc == null || home == null) {
            return;
        }
        Path listed = Path.of(etc, FILE);
        if (!Files.isRegularFile(listed)) {
            return;
        }
        String system = context.getProperty("karaf.default.repository");
        Path repository = Path.of(home, system == null ? "system" : system);
        List<Entry> entries;
        try {
            entries = read(Files.readAllLines(listed), repository);
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("cannot read {}: {}; its parts stay out", listed, e.getMessage());
            return;
        }
        // Karaf's features service takes a bundle of its features that is not installed for a change
        // to deploy (installing it and refreshing, that is restarting, the bundles wired near it):
        // with it, every part is installed, as Karaf's launcher would have, and only the asked started
        boolean all = parts.contains(Part.FEATURES);
        for (Entry e : entries) {
            if (!(all || parts.contains(e.part())) || context.getBundle(e.location()) != null) {
                continue;
            }
            try {
                Bundle b = context.installBundle(e.location());
                b.adapt(BundleStartLevel.class).setStartLevel(e.part().level);
                // above the active level: only marked to be started, nothing runs in this thread
                b.start();
            } catch (BundleException | RuntimeException ex) {
                LOG.error("part {}: cannot install {}: {}", e.part(), e.location(), ex.getMessage());
            }
        }
    }

    /** The entries of the file's {@code lines}, locations made absolute under {@code repository}. */
    static List<Entry> read(List<String> lines, Path repository) {
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.lastIndexOf(" = ");
            if (eq < 0) {
                throw new IllegalArgumentException("expected LOCATION = LEVEL, got \"" + l + "\"");
            }
            String location = l.substring(0, eq).replace("\\:", ":");
            Part part = Part.atLevel(Integer.parseInt(l.substring(eq + 3).strip()));
            if (part == null || !location.startsWith("reference:file:")) {
                throw new IllegalArgumentException("not a part's bundle: \"" + l + "\"");
            }
            String path = location.substring("reference:file:".length());
            entries.add(new Entry("reference:file:" + repository.resolve(path), part));
        }
        return entries;
    }
}
