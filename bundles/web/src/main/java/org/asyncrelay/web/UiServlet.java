package org.asyncrelay.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardTarget;

/**
 * The UI's static files, shipped in the bundle (no CDN: the relay may run offline), and JSON 404s
 * for every other path outside {@code /api/}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/")
@HttpWhiteboardServletAsyncSupported
@HttpWhiteboardContextSelect(UiContext.SELECT)
@HttpWhiteboardTarget(HttpEndpoint.TARGET)
public class UiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> FILES = Map.of(
            "/index.html", "text/html;charset=utf-8",
            "/app.js", "text/javascript;charset=utf-8",
            "/app.css", "text/css;charset=utf-8",
            "/favicon.svg", "image/svg+xml");

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.isEmpty() || path.equals("/")) {
            path = "/index.html";
        }
        String type = FILES.get(path);
        if (type == null) {
            ApiResponses.error(request, response, 404, "not found: " + request.getRequestURI());
            return;
        }
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            ApiResponses.error(
                    request, response, 405, request.getMethod() + " is not allowed on " + request.getRequestURI());
            return;
        }
        byte[] bytes;
        try (InputStream in = UiServlet.class.getResourceAsStream("/ui" + path)) {
            if (in == null) {
                ApiResponses.error(request, response, 404, "not found: " + request.getRequestURI());
                return;
            }
            bytes = in.readAllBytes();
        }
        response.setStatus(200);
        response.setContentType(type);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setContentLength(bytes.length);
        if (request.getMethod().equals("GET")) {
            response.getOutputStream().write(bytes);
        }
    }
}
