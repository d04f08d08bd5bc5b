package org.asyncrelay.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.felix.inventory.Format;
import org.apache.felix.inventory.InventoryPrinter;
import org.asyncrelay.api.BackendStatus;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.asyncrelay.api.status.BackendView;
import org.asyncrelay.api.status.RelayStatus;
import org.asyncrelay.api.status.ServiceStatus;
import org.asyncrelay.api.status.StatusDocument;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The relay in the web console's configuration status (Status > async-relay) and in its
 * downloadable status dump: the same status as {@code GET /api/status}, as text or JSON.
 */
@Component(
        property = {
            InventoryPrinter.NAME + "=asyncrelay",
            InventoryPrinter.TITLE + "=async-relay",
            InventoryPrinter.FORMAT + "=TEXT",
            InventoryPrinter.FORMAT + "=JSON"
        })
public class RelayInventory implements InventoryPrinter {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<RelayService> services;

    @Override
    public void print(PrintWriter out, Format format, boolean isZip) {
        RelayStatus status = RelayStatus.of(services);
        if (format == Format.JSON) {
            try {
                out.print(ApiResponses.JSON.writeValueAsString(StatusDocument.of(status, List.of(), null)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        out.println("async-relay: " + status.services().size() + " service(s)");
        for (ServiceStatus s : status.services()) {
            RelayStats t = s.stats();
            out.println();
            out.println(s.name() + " (" + s.protocol().configValue() + " " + s.listen() + "): " + s.stateText());
            out.println("  TCP " + t.tcpActive() + " active, " + t.tcpConnections() + " total, "
                    + t.tcpBytesReceived() + " bytes in, " + t.tcpBytesSent() + " bytes out; UDP "
                    + t.udpSessionsActive() + " sessions, " + t.udpPacketsReceived() + " datagrams in, "
                    + t.udpPacketsSent() + " out, " + t.udpPacketsDropped() + " dropped; "
                    + t.connectFailures() + " connect failures");
            if (!s.poolRegistered()) {
                out.println("  backends (no pool yet): " + s.configured());
            }
            for (BackendView v : s.backends()) {
                BackendStatus b = v.status();
                out.println("  " + b.position() + ". " + b.backend() + " " + b.state()
                        + (b.cooldownRemaining().isZero()
                                ? ""
                                : ", cooldown " + b.cooldownRemaining().toSeconds() + " s")
                        + (b.failures() > 0 ? ", " + b.failures() + " failure(s)" : "")
                        + (b.resolvedAddresses().isEmpty() ? "" : ", resolved " + b.resolvedAddresses())
                        + (b.lastCheck().isEmpty() ? "" : ", last check " + b.lastCheck())
                        + ", " + v.traffic().tcpConnections() + " connections");
            }
        }
        if (!status.dnsCache().isEmpty()) {
            out.println();
            out.println("DNS: " + status.dnsCache());
        }
    }
}
