package org.asyncrelay.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** JSON out: every answer of the API, errors included, is a JSON object. */
final class ApiResponses {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ApiResponses() {}

    static void json(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    static void error(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        error(request, response, status, message, Map.of());
    }

    /** An error answer, read by the client even while it is still sending a body that is refused. */
    static void error(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            String message,
            Map<String, ?> details)
            throws IOException {
        boolean linger = LingeringClose.prepare(request, response);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("status", status);
        body.put("error", message);
        body.putAll(details);
        json(response, status, body);
        if (linger) {
            LingeringClose.drain(request, response);
        }
    }
}
