package org.asyncrelay.web;

import java.io.IOException;
import java.net.URL;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.asyncrelay.api.RelayPids;
import org.asyncrelay.api.settings.SettingValues;
import org.asyncrelay.api.settings.WebUiSettings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet context of the web UI and REST API: every path of it passes {@link
 * #handleSecurity} first, so authentication covers static files and API alike.
 *
 * <p>#13: the component is configured by PID {@value RelayPids#WEB_UI}, but registers its context
 * itself, with fixed properties. As a DS service, its registration carried the configuration's
 * properties (the password among them, for service:list to show), and each change of them made
 * the HTTP whiteboard take the context down and up again: for a moment a request found no context
 * and got Jetty's 404 (WebApiInKarafIT, once under load).
 */
@Component(
        service = {},
        configurationPid = RelayPids.WEB_UI)
public class UiContext extends ServletContextHelper {

    static final String NAME = "relayui";
    static final String SELECT = WebUiSettings.HTTP_CONTEXT_SELECT;
    static final String REALM = "async-relay";

    private static final Logger LOG = LoggerFactory.getLogger(UiContext.class);

    private volatile SettingValues config;
    private final ServiceRegistration<ServletContextHelper> registration;

    @Activate
    public UiContext(BundleContext context, Map<String, Object> properties) {
        super(context.getBundle());
        this.config = WebUiSettings.of(properties);
        Hashtable<String, Object> registered = new Hashtable<>();
        registered.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME, NAME);
        registered.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_PATH, "/");
        registered.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_TARGET, HttpEndpoint.TARGET);
        this.registration = context.registerService(ServletContextHelper.class, this, registered);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        this.config = WebUiSettings.of(properties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SettingValues c = config;
        if (!c.get(WebUiSettings.AUTH_ENABLED)) {
            return true;
        }
        String realm = c.get(WebUiSettings.AUTH_REALM);
        Optional<Credentials> admitted = Credentials.fromHeader(request.getHeader("Authorization"))
                .filter(cred -> realm.isBlank()
                        ? cred.matches(c.get(WebUiSettings.AUTH_USERNAME), c.get(WebUiSettings.AUTH_PASSWORD))
                        : JaasRealm.admits(realm, cred));
        if (admitted.isPresent()) {
            // #14: the API allows changes only to an authenticated user (request.getRemoteUser())
            request.setAttribute(REMOTE_USER, admitted.get().username());
            request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
            return true;
        }
        LOG.debug("web UI: {} {} refused: no valid credentials", request.getMethod(), request.getRequestURI());
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        ApiResponses.error(request, response, HttpServletResponse.SC_UNAUTHORIZED, "authentication required");
        return false;
    }

    /** Static files come from the servlets, not from the context. */
    @Override
    public URL getResource(String name) {
        return null;
    }
}
