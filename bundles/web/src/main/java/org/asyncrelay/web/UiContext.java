package org.asyncrelay.web;

import java.io.IOException;
import java.net.URL;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.asyncrelay.api.RelayPids;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet context of the web UI and REST API: every path of it passes {@link
 * #handleSecurity} first, so authentication covers static files and API alike.
 */
@Component(service = ServletContextHelper.class, configurationPid = RelayPids.WEB_UI)
@HttpWhiteboardContext(name = UiContext.NAME, path = "/")
@HttpWhiteboardTarget(HttpEndpoint.TARGET)
public class UiContext extends ServletContextHelper {

    static final String NAME = "relayui";
    static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";
    static final String REALM = "async-relay";

    private static final Logger LOG = LoggerFactory.getLogger(UiContext.class);

    private volatile WebUiConfig config;

    @Activate
    public UiContext(BundleContext context, WebUiConfig config) {
        super(context.getBundle());
        this.config = config;
    }

    @Modified
    void modified(WebUiConfig config) {
        this.config = config;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        WebUiConfig c = config;
        if (!c.auth_enabled()) {
            return true;
        }
        Optional<Credentials> admitted = Credentials.fromHeader(request.getHeader("Authorization"))
                .filter(cred -> c.auth_realm().isBlank()
                        ? cred.matches(c.auth_username(), c.auth_password())
                        : JaasRealm.admits(c.auth_realm(), cred));
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
