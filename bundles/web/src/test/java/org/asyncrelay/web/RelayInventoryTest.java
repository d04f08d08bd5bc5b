package org.asyncrelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.util.List;
import org.apache.felix.inventory.Format;
import org.asyncrelay.api.RelayService;
import org.asyncrelay.api.RelayStats;
import org.junit.jupiter.api.Test;

class RelayInventoryTest {

    static String print(List<RelayService> services, Format format) throws Exception {
        RelayInventory inventory = new RelayInventory();
        Field f = RelayInventory.class.getDeclaredField("services");
        f.setAccessible(true);
        f.set(inventory, services);
        StringWriter out = new StringWriter();
        inventory.print(new PrintWriter(out), format, false);
        return out.toString();
    }

    @Test
    void theConsoleStatusShowsEachServiceItsQueueAndTheDnsCache() throws Exception {
        RelayStats stats = new RelayStats(7, 1, 100, 200, 3, 1, 9, 8, 300, 400, 2, 1);
        List<RelayService> services = List.of(
                StatusDocumentTest.service("b-svc", stats, StatusDocumentTest.pool("b-svc")),
                StatusDocumentTest.service("a-svc", RelayStats.EMPTY, null));

        String text = print(services, Format.TEXT);
        assertThat(text)
                .startsWith("async-relay: 2 service(s)")
                .contains(
                        "a-svc (both [::]:53): RUNNING",
                        "backends (no pool yet): [db.example:5432, [2001:db8::1]:5432]")
                .contains("b-svc (both [::]:53): RUNNING", "TCP 1 active, 7 total, 100 bytes in, 200 bytes out")
                .contains("0. db.example:5432 AVAILABLE, resolved [192.0.2.7], last check ok, 7 connections")
                .contains("1. [2001:db8::1]:5432 COOLING, cooldown 1799 s, 2 failure(s)")
                .contains("DNS: {db.example=[192.0.2.7]}");
        assertThat(text.indexOf("a-svc")).isLessThan(text.indexOf("b-svc"));

        String json = print(services, Format.JSON);
        assertThat(json).contains("\"total_services\" : 2", "\"available_backends\" : 1");
    }
}
