package org.asyncrelay.config.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
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

        // the public key in keys.properties is the one of the private key bin/client gets
        String pem = Files.readString(etc.resolve("relay.key"));
        byte[] der = Base64.getMimeDecoder()
                .decode(pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
        RSAPrivateCrtKey key =
                (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        assertThat(Files.readString(etc.resolve("keys.properties")))
                .contains("relay = " + FirstStartCredentials.sshPublicKey(key) + ",_g_:operatorgroup");

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
}
