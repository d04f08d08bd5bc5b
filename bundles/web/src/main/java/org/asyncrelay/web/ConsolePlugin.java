package org.asyncrelay.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.asyncrelay.api.status.BackendView;
import org.asyncrelay.api.status.RelayStatus;
import org.asyncrelay.api.status.ServiceStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The Relay page of the Felix web console: a plain servlet the console frames (no console API
 * needed), listing services and backends as {@code relay:status} does.
 */
@Component(
        service = Servlet.class,
        property = {
            "felix.webconsole.label=relay",
            "felix.webconsole.title=Relay",
            "felix.webconsole.category=async-relay"
        })
public class ConsolePlugin extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<RelayService> services;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=utf-8");
        PrintWriter out = response.getWriter();
        out.println("<p class='statline'>" + services.size() + " relay service(s)</p>");
        out.println("<table class='tablelayout nicetable' id='relay-services'><thead><tr><th>Service</th>"
                + "<th>Protocol</th><th>Listen</th><th>State</th><th>TCP active / total</th><th>UDP sessions</th>"
                + "<th>Backends (in the order tried)</th></tr></thead><tbody>");
        for (ServiceStatus s : RelayStatus.of(services).services()) {
            StringBuilder backends = new StringBuilder();
            for (BackendView v : s.backends()) {
                BackendStatus b = v.status();
                backends.append(html(b.backend().toString()))
                        .append(" <i>")
                        .append(b.state())
                        .append(b.failures() > 0 ? ", " + b.failures() + " failure(s)" : "")
                        .append("</i><br>");
            }
            RelayStats st = s.stats();
            out.println("<tr><td>" + html(s.name()) + "</td><td>" + s.protocol() + "</td><td>"
                    + html(s.listen()) + "</td><td>" + html(s.stateText()) + "</td><td>"
                    + st.tcpActive() + " / " + st.tcpConnections() + "</td><td>" + st.udpSessionsActive()
                    + "</td><td>" + backends + "</td></tr>");
        }
        out.println("</tbody></table>");
    }

    static String html(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
