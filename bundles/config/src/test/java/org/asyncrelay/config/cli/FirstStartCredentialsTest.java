package org.asyncrelay.config.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstStartCredentialsTest {

    @TempDir
    Path etc;

    @Test
    void makesWhatIsMissingOnceOwnerOnlyAndKeepsTheRestOfTheFiles() throws Exception {
        Files.writeString(etc.resolve("users.properties"), "# comment\n_g_\\:admingroup = group,admin\n");
        assertThat(FirstStartCredentials.ensure(etc))
                .hasSize(2)
                .allSatisfy(line -> assertThat(line)
                        .doesNotContain(
                                Files.readString(etc.resolve("admin.password")).strip()));
        for (String f : new String[] {"relay.key", "admin.password", "users.properties", "keys.properties"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve(f))))
                    .as(f)
                    .isEqualTo("rw-------");
        }
        String users = Files.readString(etc.resolve("users.properties"));
        assertThat(users)
                .startsWith("# comment\n_g_\\:admingroup = group,admin\n")
                .contains("admin = {CRYPT}");
        String password = Files.readString(etc.resolve("admin.password")).strip();
        assertThat(users).contains(FirstStartCredentials.crypt(password)).doesNotContain(password);

        // the private key file carries the public key that keys.properties admits
        String pem = Files.readString(etc.resolve("relay.key"));
        assertThat(pem).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        byte[] file = Base64.getMimeDecoder()
                .decode(pem.replace("-----BEGIN OPENSSH PRIVATE KEY-----", "")
                        .replace("-----END OPENSSH PRIVATE KEY-----", ""));
        String publicBlob = Files.readString(etc.resolve("keys.properties"))
                .lines()
                .filter(l -> l.startsWith("relay = "))
                .findFirst()
                .orElseThrow()
                .replaceAll("relay = ([^,]+),_g_:operatorgroup", "$1");
        byte[] blob = Base64.getDecoder().decode(publicBlob);
        assertThat(new String(blob, 4, 19, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("ecdsa-sha2-nistp256");
        assertThat(indexOf(file, blob))
                .as("the public key inside the private key file")
                .isPositive();
        assertThat(new String(file, 0, 14, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("openssh-key-v1");

        // a second start changes nothing; a deleted password is made anew and replaces its line
        assertThat(FirstStartCredentials.ensure(etc)).isEmpty();
        Files.delete(etc.resolve("admin.password"));
        assertThat(FirstStartCredentials.ensure(etc)).singleElement().asString().contains("admin.password");
        String rotated = Files.readString(etc.resolve("admin.password")).strip();
        assertThat(rotated).isNotEqualTo(password);
        assertThat(Files.readString(etc.resolve("users.properties")))
                .contains(FirstStartCredentials.crypt(rotated))
                .doesNotContain(FirstStartCredentials.crypt(password));
        assertThat(Files.readString(etc.resolve("relay.key"))).isEqualTo(pem);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
