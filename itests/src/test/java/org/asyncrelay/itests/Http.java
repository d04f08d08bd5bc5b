package org.asyncrelay.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A small HTTP client for the REST API tests: one request, the status, the headers and the JSON. */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String authorization;

    private Http(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    public static Http at(int port) {
        return new Http("http://127.0.0.1:" + port, null);
    }

    public static Http at(String host, int port) {
        return new Http("http://" + host + ":" + port, null);
    }

    public int port() {
        return java.net.URI.create(base).getPort();
    }

    public Http as(String user, String password) {
        return new Http(
                base,
                "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    public Reply json(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, "application/json", body);
    }

    public Reply send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        return send(method, path, contentType, body, null);
    }

    public Reply send(String method, String path, String contentType, String body, String origin)
            throws IOException, InterruptedException {
        return send(method, path, contentType, body, origin, null);
    }

    public Reply send(String method, String path, String contentType, String body, String origin, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r);
    }

    /** One answer: status, headers, body, and the body as JSON when it is. */
    public static final class Reply {
        public final int status;
        public final String body;
        private final HttpResponse<String> response;

        Reply(HttpResponse<String> response) {
            this.response = response;
            this.status = response.statusCode();
            this.body = response.body();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
