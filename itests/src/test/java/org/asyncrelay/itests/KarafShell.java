package org.asyncrelay.itests;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/** Shell commands inside a container test, run as a user with roles, as Karaf's ACLs want. */
final class KarafShell {

    private KarafShell() {}

    /** Runs {@code script} in a new session; what it printed goes to {@code bytes}. */
    static void once(SessionFactory sessions, ByteArrayOutputStream bytes, String script, String user, String... roles)
            throws Exception {
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(System.in, out, out);
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        Subject.doAs(subject, (java.security.PrivilegedExceptionAction<Object>) () -> session.execute(script));
    }

    /**
     * Runs {@code script} until it succeeds within {@code within} (commands register
     * asynchronously once their bundles start); what the successful run printed.
     */
    static String execute(SessionFactory sessions, Duration within, String script, String user, String... roles) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        await().atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    bytes.reset();
                    once(sessions, bytes, script, user, roles);
                    return true;
                });
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
