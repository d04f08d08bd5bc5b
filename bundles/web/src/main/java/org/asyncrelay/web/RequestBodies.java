package org.asyncrelay.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Request bodies, read with a limit: nothing larger than {@value #LIMIT} bytes is buffered. */
final class RequestBodies {

    static final int LIMIT = 1 << 20;

    private RequestBodies() {}

    /** Refuses a body over the limit from its {@code Content-Length}, before any of it is read. */
    static void refuseDeclaredOversize(HttpServletRequest request) throws ApiException {
        if (request.getContentLengthLong() > LIMIT) {
            throw tooLarge();
        }
    }

    static String text(HttpServletRequest request) throws IOException, ApiException {
        return new String(bytes(request), StandardCharsets.UTF_8);
    }

    /** The whole body, at most {@value #LIMIT} bytes. */
    static byte[] bytes(HttpServletRequest request) throws IOException, ApiException {
        refuseDeclaredOversize(request);
        long declared = request.getContentLengthLong();
        request.setAttribute(LingeringClose.BODY_REQUESTED, Boolean.TRUE);
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 4096);
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() + n > LIMIT) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    /** The body as a JSON object. */
    static JsonNode jsonObject(HttpServletRequest request) throws IOException, ApiException {
        String text = text(request);
        if (text.isBlank()) {
            throw new ApiException(HttpServletResponse.SC_BAD_REQUEST, "expected a JSON object, got an empty body");
        }
        JsonNode node;
        try {
            node = ApiResponses.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // #20: a limit of Jackson's (nesting depth, number length) comes without a location
            String at = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new ApiException(
                    HttpServletResponse.SC_BAD_REQUEST, "malformed JSON" + at + ": " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(
                    HttpServletResponse.SC_BAD_REQUEST,
                    "expected a JSON object, got " + (node == null ? "nothing" : kind(node)));
        }
        return node;
    }

    /** The text of a required field of a JSON body. */
    static String requiredText(JsonNode body, String field, String expected) throws ApiException {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw new ApiException(400, field + ": required, expected " + expected);
        }
        if (!n.isTextual()) {
            throw new ApiException(400, field + ": expected " + expected + ", got " + kind(n));
        }
        return n.asText();
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case NULL, MISSING -> "null";
            case OBJECT, POJO -> "an object";
            case BINARY -> "binary data";
        };
    }

    private static ApiException tooLarge() {
        return new ApiException(
                HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "request body larger than " + LIMIT + " bytes");
    }
}
