package org.asyncrelay.web;

import java.security.Principal;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/** #8: {@code web_ui.auth.realm: karaf} logs users in against a JAAS realm, as Karaf's web console does. */
final class JaasRealm {

    static final String REQUIRED_ROLE = "admin";

    private JaasRealm() {}

    /** Whether {@code credentials} log in to {@code realm} as a user holding role {@value #REQUIRED_ROLE}. */
    static boolean admits(String realm, Credentials credentials) {
        Subject subject = new Subject();
        try {
            LoginContext login = new LoginContext(realm, subject, callbacks -> {
                for (Callback c : callbacks) {
                    if (c instanceof NameCallback n) {
                        n.setName(credentials.username());
                    } else if (c instanceof PasswordCallback p) {
                        p.setPassword(credentials.password().toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(c);
                    }
                }
            });
            login.login();
            try {
                return hasRole(subject);
            } finally {
                login.logout();
            }
        } catch (LoginException | SecurityException e) {
            return false;
        }
    }

    private static boolean hasRole(Subject subject) {
        for (Principal p : subject.getPrincipals()) {
            if (p.getClass().getSimpleName().equals("RolePrincipal") && REQUIRED_ROLE.equals(p.getName())) {
                return true;
            }
        }
        return false;
    }
}
