package org.asyncrelay.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/** The user name and password of an HTTP {@code Authorization: Basic} header. */
record Credentials(String username, String password) {

    static Optional<Credentials> fromHeader(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    /**
     * Compares in time independent of where the texts differ and of their lengths: both sides are
     * hashed first, and both comparisons always run.
     */
    boolean matches(String expectedUser, String expectedPassword) {
        boolean user = MessageDigest.isEqual(sha256(username), sha256(expectedUser));
        boolean pass = MessageDigest.isEqual(sha256(password), sha256(expectedPassword));
        return user & pass;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
