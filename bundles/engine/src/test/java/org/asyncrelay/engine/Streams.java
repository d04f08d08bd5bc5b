package org.asyncrelay.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Deterministic payloads and their SHA-256, without holding them in memory. */
final class Streams {

    private Streams() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code size} pseudo-random bytes from {@code seed}; returns their SHA-256. */
    static String write(OutputStream out, long size, long seed) throws IOException {
        Random random = new Random(seed);
        MessageDigest digest = sha256();
        byte[] chunk = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = (int) Math.min(chunk.length, left);
            random.nextBytes(chunk);
            digest.update(chunk, 0, n);
            out.write(chunk, 0, n);
            left -= n;
        }
        out.flush();
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Reads to the end; returns the SHA-256 and the byte count. */
    static Digest read(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(chunk)) >= 0) {
            digest.update(chunk, 0, n);
            total += n;
        }
        return new Digest(HexFormat.of().formatHex(digest.digest()), total);
    }

    record Digest(String sha256, long bytes) {}
}
