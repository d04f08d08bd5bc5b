package org.asyncrelay.api;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The bytes of a UDP health check, written {@code hex:0001ff...} (any binary payload, such as a
 * DNS query) or {@code text:...} (sent as UTF-8).
 */
public final class ProbePayload {

    private static final String EXPECTED =
            "expected \"hex:\" followed by an even number of hex digits, or \"text:\"" + " followed by text";

    private ProbePayload() {}

    /** @throws IllegalArgumentException saying what was expected */
    public static byte[] parse(String written) {
        String w = written == null ? "" : written.trim();
        if (w.startsWith("text:") && w.length() > "text:".length()) {
            return w.substring("text:".length()).getBytes(StandardCharsets.UTF_8);
        }
        if (w.startsWith("hex:")) {
            String hex = w.substring("hex:".length()).replace(" ", "");
            if (!hex.isEmpty() && hex.length() % 2 == 0 && hex.matches("[0-9A-Fa-f]+")) {
                return HexFormat.of().parseHex(hex);
            }
        }
        throw new IllegalArgumentException(EXPECTED + ", got \"" + written + "\"");
    }

    /** Null when {@code written} is empty (no payload) or a payload, else why not. */
    public static String problem(String written) {
        if (written == null || written.isEmpty()) {
            return null;
        }
        try {
            parse(written);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
