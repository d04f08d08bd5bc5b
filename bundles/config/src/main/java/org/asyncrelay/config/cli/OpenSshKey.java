package org.asyncrelay.config.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * An ECDSA P-256 key pair in OpenSSH's formats: the public key as SSH's wire blob (what Karaf's
 * keys.properties holds) and the private key as an unencrypted {@code OPENSSH PRIVATE KEY} file,
 * which Apache SSHD (bin/client) reads with its public half. Not RSA: a 3072-bit RSA key took 5 to
 * 31 s to make on a loaded 2-core machine with the launcher's C1-only JIT (#16); P-256 takes
 * milliseconds, and Karaf's PublickeyLoginModule accepts it (it has no Ed25519).
 */
final class OpenSshKey {

    static final String TYPE = "ecdsa-sha2-nistp256";
    private static final String CURVE = "nistp256";

    private final ECPublicKey publicKey;
    private final ECPrivateKey privateKey;

    private OpenSshKey(KeyPair pair) {
        this.publicKey = (ECPublicKey) pair.getPublic();
        this.privateKey = (ECPrivateKey) pair.getPrivate();
    }

    static OpenSshKey generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return new OpenSshKey(g.generateKeyPair());
    }

    /** The public key blob (RFC 5656 3.1), base64: the second field of an .pub line. */
    String publicBlobBase64() {
        return Base64.getEncoder().encodeToString(publicBlob());
    }

    /** The private key file (OpenSSH's PROTOCOL.key), no passphrase. */
    String privateKeyFile(String comment, SecureRandom random) {
        Bytes priv = new Bytes();
        int check = random.nextInt();
        priv.uint32(check).uint32(check);
        priv.string(TYPE).string(CURVE).string(point()).mpint(privateKey.getS()).string(comment);
        for (int pad = 1; priv.size() % 8 != 0; pad++) {
            priv.raw(new byte[] {(byte) pad});
        }
        Bytes file = new Bytes();
        file.raw("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
        file.string("none").string("none").string(new byte[0]).uint32(1);
        file.string(publicBlob()).string(priv.toByteArray());
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(file.toByteArray())
                + "\n-----END OPENSSH PRIVATE KEY-----\n";
    }

    private byte[] publicBlob() {
        return new Bytes().string(TYPE).string(CURVE).string(point()).toByteArray();
    }

    /** The public point, uncompressed (SEC1 2.3.3): 0x04, X, Y, 32 bytes each. */
    private byte[] point() {
        byte[] q = new byte[65];
        q[0] = 4;
        fixed(publicKey.getW().getAffineX(), q, 1);
        fixed(publicKey.getW().getAffineY(), q, 33);
        return q;
    }

    private static void fixed(BigInteger v, byte[] into, int offset) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, into, offset + 32 - n, n);
    }

    /** SSH's wire encoding (RFC 4251 5). */
    private static final class Bytes {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        Bytes uint32(int v) {
            try {
                out.writeInt(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Bytes raw(byte[] v) {
            try {
                out.write(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Bytes string(byte[] v) {
            return uint32(v.length).raw(v);
        }

        Bytes string(String v) {
            return string(v.getBytes(StandardCharsets.US_ASCII));
        }

        Bytes mpint(BigInteger v) {
            return string(v.signum() == 0 ? new byte[0] : v.toByteArray());
        }

        int size() {
            return bytes.size();
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
