package org.asyncrelay.itests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What Hazelcast's Kubernetes discovery asks of the API server, answered for pods that are this
 * test's network namespaces: the namespace's endpoint slices ({@code discovery.k8s.io/v1}, what a
 * current API server serves) and its pods, in the API's own JSON shapes, over HTTPS with a
 * certificate of its own (the cluster's CA, given to the members as a pod finds it) and only with the
 * service account's bearer token. This machine has no Kubernetes to run; everything else is answered
 * 404 with the API's Status object, as an API server does for an unknown object.
 */
final class KubernetesApiStandIn implements AutoCloseable {

    record Pod(String name, String ip, int port, boolean ready) {}

    private final HttpsServer server;
    private final String caCertificate;
    private final String namespace;
    private final String token;
    private final List<Pod> pods;
    /** "METHOD path?query status" per request, in order. */
    final List<String> requests = new CopyOnWriteArrayList<>();

    KubernetesApiStandIn(String host, String namespace, String token, List<Pod> pods, Path dir)
            throws IOException, InterruptedException, GeneralSecurityException {
        this.namespace = namespace;
        this.token = token;
        this.pods = pods;
        Path keys = dir.resolve("apiserver.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        keytool(
                dir,
                keytool,
                "-genkeypair",
                "-keystore",
                keys.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "standin",
                "-alias",
                "apiserver",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=kubernetes",
                "-ext",
                "SAN=ip:" + host + ",dns:kubernetes.default.svc");
        caCertificate = keytool(
                dir,
                keytool,
                "-exportcert",
                "-rfc",
                "-keystore",
                keys.toString(),
                "-storepass",
                "standin",
                "-alias",
                "apiserver");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            store.load(in, "standin".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf =
                javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "standin".toCharArray());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(host, 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", this::answer);
        server.start();
    }

    private static String keytool(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
        return out;
    }

    /** The URL the members are given as their API server. */
    String url() {
        return "https://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort();
    }

    /** The PEM certificate the members trust the API server by (a pod's {@code ca.crt}). */
    String caCertificate() {
        return caCertificate;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        boolean authorized =
                ("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"));
        boolean list = exchange.getRequestMethod().equals("GET") && query == null;
        int code;
        if (!authorized) {
            code = reply(exchange, 401, status(401, "Unauthorized", "Unauthorized"));
        } else if (list && path.equals("/apis/discovery.k8s.io/v1/namespaces/" + namespace + "/endpointslices")) {
            code = reply(exchange, 200, endpointSliceList());
        } else if (list && path.equals("/api/v1/namespaces/" + namespace + "/pods")) {
            code = reply(exchange, 200, podList());
        } else if (list && named(path) != null) {
            code = reply(exchange, 200, pod(named(path)));
        } else {
            code = reply(exchange, 404, status(404, "NotFound", path + " not found"));
        }
        requests.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query) + " " + code);
    }

    /** The pod a {@code GET .../pods/NAME} asks for (a member asks for its own: its HOSTNAME), or null. */
    private Pod named(String path) {
        for (Pod p : pods) {
            if (path.equals("/api/v1/namespaces/" + namespace + "/pods/" + p.name())) {
                return p;
            }
        }
        return null;
    }

    /** What a service selecting the pods has: one slice of their addresses, readiness and port. */
    private String endpointSliceList() {
        StringBuilder endpoints = new StringBuilder();
        for (Pod p : pods) {
            if (!endpoints.isEmpty()) {
                endpoints.append(',');
            }
            endpoints
                    .append("{\"addresses\":[\"")
                    .append(p.ip())
                    .append("\"],\"conditions\":{\"ready\":")
                    .append(p.ready())
                    .append("},\"targetRef\":{\"kind\":\"Pod\",\"name\":\"")
                    .append(p.name())
                    .append("\",\"namespace\":\"")
                    .append(namespace)
                    .append("\"},\"nodeName\":\"node-")
                    .append(p.name())
                    .append("\"}");
        }
        int port = pods.get(0).port();
        return "{\"kind\":\"EndpointSliceList\",\"apiVersion\":\"discovery.k8s.io/v1\",\"metadata\":{},\"items\":[{"
                + "\"metadata\":{\"name\":\"relay-x1\",\"namespace\":\"" + namespace + "\","
                + "\"labels\":{\"kubernetes.io/service-name\":\"relay\"}},\"addressType\":\"IPv4\","
                + "\"endpoints\":[" + endpoints + "],"
                + "\"ports\":[{\"name\":\"hazelcast\",\"port\":" + port + ",\"protocol\":\"TCP\"}]}]}";
    }

    private String podList() {
        StringBuilder items = new StringBuilder();
        for (Pod p : pods) {
            if (!items.isEmpty()) {
                items.append(',');
            }
            items.append(pod(p));
        }
        return "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":["
                + items + "]}";
    }

    private String pod(Pod p) {
        return "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + p.name() + "\",\"namespace\":\""
                + namespace + "\",\"labels\":{\"app\":\"relay\"}},\"spec\":{\"nodeName\":\"node-" + p.name()
                + "\",\"containers\":[{\"name\":\"relay\",\"ports\":[{\"name\":\"hazelcast\",\"containerPort\":"
                + p.port() + ",\"protocol\":\"TCP\"}]}]},\"status\":{\"phase\":\"Running\",\"podIP\":\"" + p.ip()
                + "\",\"containerStatuses\":[{\"name\":\"relay\",\"ready\":" + p.ready() + "}]}}";
    }

    private static String status(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"" + message
                + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    }

    private static int reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
        return status;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
