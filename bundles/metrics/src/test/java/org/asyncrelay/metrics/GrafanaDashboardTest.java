package org.asyncrelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/grafana/async-relay-dashboard.json queries only what /metrics serves. */
class GrafanaDashboardTest {

    static final Path DASHBOARD = Path.of("../../docs/grafana/async-relay-dashboard.json");
    static final Pattern METRIC = Pattern.compile("asyncrelay_[a-z_]+");

    @Test
    void everyQueriedMetricIsOneTheRelayExposes() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.get("uid").asText()).isEqualTo("async-relay");
        Set<String> served = new HashSet<>();
        for (String line : RelayMetricsTest.text(false).lines().toList()) {
            if (!line.startsWith("#")) {
                served.add(line.replaceAll("[{ ].*", ""));
            }
        }
        Set<String> queried = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                Matcher m = METRIC.matcher(target.get("expr").asText());
                while (m.find()) {
                    queried.add(m.group());
                }
            }
        }
        assertThat(queried).hasSizeGreaterThan(15);
        // config reloads come from the config file, which the fixture of RelayMetricsTest leaves out
        queried.remove("asyncrelay_config_reloads_total");
        assertThat(served).containsAll(queried);
    }
}
