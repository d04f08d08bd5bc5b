package org.asyncrelay.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Supplier;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: the Prometheus text format, or OpenMetrics when the scraper asks for it
 * (Prometheus does, by its Accept header).
 */
final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Supplier<MetricSnapshots> metrics;
    private final transient ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    private final transient ExpositionFormatWriter prometheus = PrometheusTextFormatWriter.create();

    MetricsServlet(Supplier<MetricSnapshots> metrics) {
        this.metrics = metrics;
    }

    /** Only GET and HEAD: HttpServlet would answer 501 to a method it does not know (PATCH). */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, javax.servlet.ServletException {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            super.service(request, response);
            return;
        }
        byte[] reason = (method + " is not allowed on " + request.getRequestURI() + "; allowed: GET, HEAD\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        response.setHeader("Allow", "GET, HEAD");
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(reason.length);
        response.getOutputStream().write(reason);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String accept = request.getHeader("Accept");
        ExpositionFormatWriter writer = openMetrics.accepts(accept) ? openMetrics : prometheus;
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        writer.write(body, metrics.get(), EscapingScheme.fromAcceptHeader(accept));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(writer.getContentType());
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.size());
        body.writeTo(response.getOutputStream());
    }
}
