package org.asyncrelay.config.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * #14: the distribution ships no account. Before Karaf boots, {@code bin/relay} runs this on the
 * installation's {@code etc/}: what is missing is made once and kept, readable by the relay's OS
 * user only.
 *
 * <ul>
 *   <li>{@value #OPERATOR_KEY}: the private key of user {@value #OPERATOR} (role {@value
 *       #OPERATOR_ROLE}: the relay:* commands, no shell:exec or bundle:install), whose public key
 *       goes into {@code keys.properties}; {@code bin/client} logs in with it, no password.
 *   <li>{@value #ADMIN_PASSWORD}: the password of user {@value #ADMIN} (Karaf's admin roles), for
 *       JMX, the web console and {@code bin/client -u admin}; {@code users.properties} holds only
 *       its SHA-256 (Karaf's {@code {CRYPT}} format, encryption on in {@code
 *       org.apache.karaf.jaas.cfg}).
 * </ul>
 *
 * Deleting one of the two files and starting again makes a new one (rotation). Nothing secret is
 * printed.
 */
public final class FirstStartCredentials {

    static final String OPERATOR = "relay";
    static final String OPERATOR_ROLE = "relayoperator";
    static final String OPERATOR_KEY = "relay.key";
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin.password";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private FirstStartCredentials() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: FirstStartCredentials ETC_DIR");
            System.exit(2);
        }
        if (!make(args[0], System.out, System.err)) {
            System.exit(1);
        }
    }

    /**
     * What {@link #main} does (bin/relay's launcher calls it in its own JVM): false when the
     * credentials could not be made, the reason on {@code err}.
     */
    public static boolean make(String etc, java.io.PrintStream out, java.io.PrintStream err) {
        try {
            for (String line : ensure(Path.of(etc))) {
                out.println(line);
            }
            return true;
        } catch (IOException | GeneralSecurityException e) {
            err.println("relay: error: cannot create the credentials in " + etc + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * Makes what is missing; returns one line per credential made, naming the file, never its
     * content. Two relays starting at once from one installation take turns (#16).
     */
    static List<String> ensure(Path etc) throws IOException, GeneralSecurityException {
        try (FileChannel lock = FileChannel.open(
                        etc.resolve(".credentials.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = lock.lock()) {
            return ensureLocked(etc);
        }
    }

    private static List<String> ensureLocked(Path etc) throws IOException, GeneralSecurityException {
        List<String> made = new ArrayList<>();
        Path key = etc.resolve(OPERATOR_KEY);
        Path keys = etc.resolve("keys.properties");
        if (!Files.exists(key)) {
            OpenSshKey pair = OpenSshKey.generate(RANDOM);
            writeOwnerOnly(key, pair.privateKeyFile(OPERATOR + "@async-relay", RANDOM));
            setEntry(keys, OPERATOR, pair.publicBlobBase64() + ",_g_:operatorgroup");
            made.add("made " + key + ": the shell's key for user " + OPERATOR + " (bin/client uses it)");
        }
        Path password = etc.resolve(ADMIN_PASSWORD);
        Path users = etc.resolve("users.properties");
        if (!Files.exists(password)) {
            String secret = randomPassword();
            writeOwnerOnly(password, secret + "\n");
            setEntry(users, ADMIN, crypt(secret) + ",_g_:admingroup");
            made.add("made " + password + ": the password of user " + ADMIN + " (JMX, web console)");
        }
        for (Path f : List.of(keys, users)) {
            if (Files.exists(f)) {
                Files.setPosixFilePermissions(f, OWNER_ONLY);
            }
        }
        return made;
    }

    /** 24 characters of [A-Za-z0-9]: about 143 bits. */
    static String randomPassword() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Karaf's basic encryption as org.apache.karaf.jaas.cfg configures it: SHA-256, hexadecimal. */
    static String crypt(String password) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        return "{CRYPT}" + HexFormat.of().formatHex(digest) + "{CRYPT}";
    }

    /** Replaces the line of {@code user} in a Karaf properties file, or adds it; other lines stay. */
    static void setEntry(Path file, String user, String value) throws IOException {
        List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file)) : new ArrayList<>();
        String entry = user + " = " + value;
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.startsWith(user + "=") || l.startsWith(user + " ")) {
                lines.set(i, entry);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(entry);
        }
        writeOwnerOnly(file, String.join("\n", lines) + "\n");
    }

    /** Written to a new file created owner-only, then moved over the target: never readable by others. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(tmp + " appeared while being written", e);
        }
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
