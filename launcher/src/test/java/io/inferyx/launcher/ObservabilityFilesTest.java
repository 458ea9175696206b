package io.inferyx.launcher;

import io.inferyx.launcher.MetricsContract.Metric;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observability files at the repository root, checked without running anything: the
 * dashboard (rows, units, thresholds, layout, a chart for every metric of DESIGN §7), the
 * Grafana provisioning, and the two Prometheus configurations.
 */
class ObservabilityFilesTest {

    private static final Path ROOT = RepositoryFiles.root();
    private final Dashboard dashboard = Dashboard.read(ROOT.resolve("grafana/dashboards/inferyx.json"));

    @Test
    void theDashboardIsInferyxWithItsRowsInStoryOrder() {
        assertThat(dashboard.json.path("uid").asString()).isEqualTo("inferyx");
        assertThat(dashboard.json.path("title").asString()).isEqualTo("Inferyx");
        assertThat(dashboard.panels().stream().filter(p -> p.path("type").asString().equals("row"))
                .map(p -> p.path("title").asString()))
                .containsExactly("Traffic", "Queues", "Latency", "Batching", "Workers", "Failures");
    }

    @Test
    void everyChartHasAUnitThresholdsADescriptionAndQueriesOnThePrometheusDataSource() {
        assertThat(dashboard.charts()).hasSizeGreaterThanOrEqualTo(12).allSatisfy(chart -> {
            String title = chart.path("title").asString();
            JsonNode defaults = chart.path("fieldConfig").path("defaults");
            assertThat(defaults.path("unit").asString()).as("unit of %s", title).isNotBlank();
            assertThat(defaults.path("thresholds").path("steps").size()).as("thresholds of %s", title).isPositive();
            assertThat(chart.path("description").asString()).as("description of %s", title).isNotBlank();
            assertThat(chart.path("datasource").path("uid").asString()).as("data source of %s", title)
                    .isEqualTo("${datasource}");
            assertThat(chart.path("targets").size()).as("queries of %s", title).isPositive();
            chart.path("targets").forEach(target -> {
                assertThat(target.path("expr").asString()).as("query of %s", title).isNotBlank();
                assertThat(target.path("datasource").path("type").asString()).isEqualTo("prometheus");
            });
        });
        assertThat(dashboard.panels()).extracting(p -> p.path("id").asInt()).doesNotHaveDuplicates();
    }

    @Test
    void theDataSourceVariableDefaultsToTheProvisionedPrometheusAndModelsComeFromTheQueueGauge() {
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        dashboard.json.path("templating").path("list").forEach(v -> variables.put(v.path("name").asString(), v));
        assertThat(variables).containsOnlyKeys("datasource", "model");
        assertThat(variables.get("datasource").path("query").asString()).isEqualTo("prometheus");
        assertThat(variables.get("datasource").path("current").path("value").asString()).isEqualTo("prometheus");
        assertThat(variables.get("model").path("definition").asString())
                .isEqualTo("label_values(inferyx_queue_size, model)");
        assertThat(variables.get("model").path("allValue").asString()).isEqualTo(Dashboard.VARIABLES.get("$model"));
    }

    @Test
    void panelsFitTheGridWithoutOverlapping() {
        List<int[]> cells = new ArrayList<>();
        for (JsonNode panel : dashboard.panels()) {
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt();
            int y = grid.path("y").asInt();
            int w = grid.path("w").asInt();
            int h = grid.path("h").asInt();
            String title = panel.path("title").asString();
            assertThat(x + w).as("right edge of %s", title).isLessThanOrEqualTo(24);
            boolean row = panel.path("type").asString().equals("row");
            // readable on a laptop: no sliver panels, no towering ones
            assertThat(w).as("width of %s", title).isBetween(row ? 24 : 4, 24);
            assertThat(h).as("height of %s", title).isBetween(row ? 1 : 4, 10);
            cells.add(new int[]{x, y, w, h});
        }
        Set<String> taken = new HashSet<>();
        for (int[] cell : cells) {
            for (int cx = cell[0]; cx < cell[0] + cell[2]; cx++) {
                for (int cy = cell[1]; cy < cell[1] + cell[3]; cy++) {
                    assertThat(taken.add(cx + "," + cy)).as("grid cell %d,%d is used twice", cx, cy).isTrue();
                }
            }
        }
    }

    @Test
    void everyMetricOfTheDesignIsChartedAndLatencyHasItsQuantiles() {
        String queries = String.join("\n", dashboard.queries().stream().map(Dashboard.Query::expr).toList());
        for (Metric metric : MetricsContract.METRICS) {
            assertThat(queries).as("a chart of %s", metric.name()).contains(metric.name());
        }
        for (String quantile : List.of("0.5", "0.95", "0.99")) {
            assertThat(queries).contains("histogram_quantile(" + quantile
                    + ", sum by (le) (rate(inferyx_request_latency_seconds_bucket{");
        }
        assertThat(queries).contains("sum by (job) (up{job=~\"inferyx-.+\"})");
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusDataSourceAndTheDashboardFolder() throws IOException {
        Map<String, Object> datasources = yaml("grafana/provisioning/datasources/prometheus.yaml");
        assertThat(list(datasources, "datasources")).singleElement().satisfies(ds -> assertThat(ds)
                .containsEntry("uid", "prometheus").containsEntry("type", "prometheus")
                .containsEntry("url", "http://prometheus:9090"));
        Map<String, Object> dashboards = yaml("grafana/provisioning/dashboards/inferyx.yaml");
        assertThat(list(dashboards, "providers")).singleElement().satisfies(provider -> {
            assertThat(provider).containsEntry("type", "file");
            assertThat(provider.get("options")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("path", "/var/lib/grafana/dashboards");
        });
    }

    @Test
    void theComposeConfigurationScrapesEveryReplicaOfTheFourServicesOnTheirManagementPort() throws IOException {
        assertScrapes(yaml("prometheus.yaml"), Map.of(
                "inferyx-api", "api:8080", "inferyx-batcher", "batcher:8080",
                "inferyx-worker", "worker:8080", "inferyx-retry", "retry:8080"));
    }

    @Test
    void theLocalConfigurationScrapesTheManagementPortsTheLauncherGivesTheServices() throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        for (FleetService service : FleetService.values()) {
            expected.put(MetricsContract.job(service), "localhost:" + service.managementPort());
        }
        assertScrapes(yaml("prometheus-local.yaml"), expected);
    }

    @SuppressWarnings("unchecked")
    private static void assertScrapes(Map<String, Object> config, Map<String, String> targetsByJob) {
        assertThat((Map<String, Object>) config.get("global")).containsEntry("scrape_interval", "5s");
        Map<String, String> actual = new LinkedHashMap<>();
        for (Map<String, Object> job : list(config, "scrape_configs")) {
            assertThat(job).containsEntry("metrics_path", "/actuator/prometheus");
            List<String> targets = new ArrayList<>();
            for (Map<String, Object> group : list(job, "static_configs")) {
                targets.addAll((List<String>) group.get("targets"));
            }
            // DNS discovery: every A record of the name (every replica of a compose service), on the port
            for (Map<String, Object> dns : list(job, "dns_sd_configs")) {
                assertThat(dns).containsEntry("type", "A");
                ((List<String>) dns.get("names")).forEach(name -> targets.add(name + ":" + dns.get("port")));
            }
            assertThat(targets).hasSize(1);
            actual.put((String) job.get("job_name"), targets.getFirst());
        }
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(targetsByJob);
    }

    private static Map<String, Object> yaml(String file) throws IOException {
        return new Yaml().load(Files.readString(ROOT.resolve(file)));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> map, String key) {
        return (List<Map<String, Object>>) map.getOrDefault(key, List.of());
    }
}
