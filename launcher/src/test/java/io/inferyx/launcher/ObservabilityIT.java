package io.inferyx.launcher;

import io.inferyx.common.testing.TestRedis;
import io.inferyx.launcher.MetricsContract.Metric;
import io.inferyx.launcher.Scrape.Sample;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Observability end to end (DESIGN §7): the whole fleet in this JVM under a light, steady load;
 * every metric of §7 on the scrape of the service that owns it, with its Prometheus type and tags;
 * and a real Prometheus scraping the fleet, on which every query of the Grafana dashboard returns
 * data. The Prometheus parts need Debian's {@code prometheus} package (CI installs it).
 */
class ObservabilityIT {

    private static final String KEY = "observability-test-key";
    private static final String PREFIX = TestRedis.uniquePrefix();
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @TempDir
    static Path temp;

    private static InProcessFleet fleet;
    private static BackgroundLoad load;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void startFleetPrometheusAndLoad() throws Exception {
        fleet = new InProcessFleet(TestRedis.url(), PREFIX,
                "inferyx.api.keys=" + KEY,
                "inferyx.models.mock.base-latency=10ms", "inferyx.models.mock.per-item-latency=2ms",
                "inferyx.models.mock.failure-rate=0.3",
                "inferyx.retry.max-retries=1", "inferyx.retry.backoff=100ms", "inferyx.retry.max-backoff=200ms",
                "inferyx.batching.max-batch-size=8", "inferyx.batching.max-wait=20ms",
                "inferyx.workers.min=1", "inferyx.workers.max=4", "inferyx.workers.jobs-per-worker=2",
                "inferyx.workers.check-interval=500ms", "inferyx.metrics.queue-sample-interval=1s");
        if (PrometheusServer.installed()) {
            Map<String, Integer> targets = new LinkedHashMap<>();
            managementPorts().forEach((service, port) -> targets.put(MetricsContract.job(service), port));
            prometheus = PrometheusServer.start(temp, targets);
        }
        load = new BackgroundLoad(fleet.apiPort(), KEY, Duration.ofMillis(25), 32);
    }

    @AfterAll
    static void stopEverything() {
        if (load != null) {
            System.out.println("observability load: answers by status " + load.statuses());
            load.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        RedisClient client = RedisClient.create(TestRedis.url());
        try {
            RedisCommands<String, String> redis = client.connect().sync();
            redis.keys(PREFIX + "*").forEach(redis::del);
        } finally {
            client.shutdown();
        }
    }

    private static Map<FleetService, Integer> managementPorts() {
        Map<FleetService, Integer> ports = new EnumMap<>(FleetService.class);
        ports.put(FleetService.API, managementPort(fleet.api));
        ports.put(FleetService.BATCHER, managementPort(fleet.batcher));
        ports.put(FleetService.WORKER, managementPort(fleet.worker));
        ports.put(FleetService.RETRY, managementPort(fleet.retry));
        return ports;
    }

    private static int managementPort(ConfigurableApplicationContext service) {
        String management = service.getEnvironment().getProperty("local.management.port");
        return Integer.parseInt(management != null ? management
                : service.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private static Map<FleetService, Scrape> scrapeAll() {
        Map<FleetService, Scrape> scrapes = new EnumMap<>(FleetService.class);
        managementPorts().forEach((service, port) -> scrapes.put(service, Scrape.of(port)));
        return scrapes;
    }

    @Test
    void everyMetricOfTheDesignIsScrapedFromTheServiceThatOwnsItWithItsTypeAndTags() {
        // the load has run long enough once jobs were retried, dead-lettered and answered from the cache,
        // and a request was refused as not found
        await("retries, dead letters and cache hits under load").atMost(SETTLE).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Map<FleetService, Scrape> scrapes = scrapeAll();
                    assertThat(scrapes.get(FleetService.WORKER).total("inferyx_retries_total")).isPositive();
                    assertThat(scrapes.get(FleetService.WORKER).total("inferyx_jobs_failed_total")).isPositive();
                    assertThat(scrapes.get(FleetService.API).total("inferyx_cache_hits_total")).isPositive();
                    // one request in fifty asks for an unknown model: wait for the first, as for the rest
                    assertThat(scrapes.get(FleetService.API).samples("inferyx_requests_total"))
                            .extracting(s -> s.labels().get("outcome")).contains("not_found");
                    assertThat(scrapes.get(FleetService.RETRY).samples("inferyx_queue_size"))
                            .anySatisfy(s -> assertThat(s.labels()).containsEntry("queue", "dead"))
                            .allSatisfy(s -> assertThat(s.value()).isNotNaN());
                });
        Map<FleetService, Scrape> scrapes = scrapeAll();
        scrapes.forEach((service, scrape) -> scrape.types().forEach((name, type) -> {
            if (name.startsWith("inferyx_")) {
                System.out.printf("observability: %s exports %s (%s)%n", service.label(), name, type);
            }
        }));

        for (Metric metric : MetricsContract.METRICS) {
            Scrape owner = scrapes.get(metric.service());
            assertThat(owner.types()).as("# TYPE of %s on %s", metric.name(), metric.service().label())
                    .containsEntry(metric.name(), metric.type());
            List<Sample> samples = owner.samples(metric.sampleName());
            assertThat(samples).as("samples of %s", metric.name()).isNotEmpty().allSatisfy(sample -> {
                assertThat(sample.labels()).as("tags of %s", sample).containsKeys(metric.tags().toArray(String[]::new))
                        .containsEntry("service", metric.service().label());
                // a served model, or "unknown" for a request about a model nobody serves (bounded cardinality)
                assertThat(sample.labels().get("model")).as("model of %s", sample).isIn("mock", "unknown");
            });
            scrapes.forEach((service, scrape) -> {
                if (service != metric.service()) {
                    assertThat(scrape.types()).as("%s is exported by %s only", metric.name(), metric.service())
                            .doesNotContainKey(metric.name());
                }
            });
            if (metric.type().equals("histogram")) {
                assertThat(samples.stream().map(s -> s.labels().get("le")).distinct())
                        .as("buckets of %s, for histogram_quantile", metric.name()).hasSizeGreaterThanOrEqualTo(8)
                        .contains("+Inf");
                assertThat(owner.total(metric.name() + "_count")).as("observations of %s", metric.name()).isPositive();
            }
        }

        assertThat(scrapes.get(FleetService.RETRY).samples("inferyx_queue_size"))
                .extracting(s -> s.labels().get("queue")).containsExactlyInAnyOrderElementsOf(MetricsContract.QUEUES);
        assertThat(scrapes.get(FleetService.WORKER).samples("inferyx_workers"))
                .extracting(s -> s.labels().get("state")).contains("busy", "idle");
        assertThat(scrapes.get(FleetService.API).samples("inferyx_requests_total"))
                .extracting(s -> s.labels().get("outcome")).contains("accepted", "cached", "not_found");
    }

    @Test
    void everyServiceTagsEverySeriesWithItsName() {
        scrapeAll().forEach((service, scrape) -> {
            assertThat(scrape.samples()).as("series of %s", service.label()).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.labels()).as("%s", s).containsEntry("service", service.label()));
            assertThat(scrape.types()).as("JVM metrics of %s", service.label()).containsKey("jvm_memory_used_bytes");
        });
    }

    @Test
    void promtoolAcceptsBothPrometheusConfigurations() throws Exception {
        assumeTrue(PrometheusServer.installed(),
                "Debian's prometheus package (/usr/bin/prometheus, /usr/bin/promtool) is not installed; .ci/run installs it");
        Path root = RepositoryFiles.root();
        for (Path config : List.of(root.resolve("prometheus.yaml"), root.resolve("prometheus-local.yaml"),
                prometheus.config)) {
            PrometheusServer.PromtoolResult result = PrometheusServer.checkConfig(config);
            assertThat(result.exitCode()).as("promtool check config %s:%n%s", config, result.output()).isZero();
            assertThat(result.output()).contains("SUCCESS");
        }
    }

    @Test
    void everyQueryOfTheDashboardReturnsDataFromARealPrometheus() {
        assumeTrue(PrometheusServer.installed(),
                "Debian's prometheus package (/usr/bin/prometheus, /usr/bin/promtool) is not installed; .ci/run installs it");
        Dashboard dashboard = Dashboard.read(RepositoryFiles.root().resolve("grafana/dashboards/inferyx.json"));
        List<Dashboard.Query> queries = dashboard.queries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(15);

        List<String> problems = new ArrayList<>();
        try {
            await("every dashboard query answered with data").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        problems.clear();
                        for (Dashboard.Query query : queries) {
                            String problem = problem(prometheus.query(query.promql()));
                            if (problem != null) {
                                problems.add(query + " -> " + problem);
                            }
                        }
                        List<String> models = prometheus.labelValues("model", "inferyx_queue_size");
                        if (!models.contains("mock")) {
                            problems.add("variable model: label_values(inferyx_queue_size, model) -> " + models);
                        }
                        return problems.isEmpty();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            fail("dashboard queries without data after %s:%n%s%n%nPrometheus log:%n%s", SETTLE,
                    String.join("\n", problems), prometheus.log());
        }
        System.out.printf("observability: %d dashboard queries all returned data%n", queries.size());
    }

    /** Why a query's answer would leave its chart empty, or null when it has a finite value. */
    private static String problem(JsonNode data) {
        String type = data.path("resultType").asString();
        JsonNode result = data.path("result");
        List<JsonNode> values = switch (type) {
            case "vector" -> StreamSupport.stream(result.spliterator(), false).map(r -> r.path("value").path(1)).toList();
            case "scalar" -> List.of(result.path(1));
            default -> List.of();
        };
        if (values.isEmpty()) {
            return "no series (" + type + ")";
        }
        Set<String> texts = values.stream().map(JsonNode::asString).collect(Collectors.toSet());
        boolean finite = texts.stream().anyMatch(v -> !v.equals("NaN") && !v.endsWith("Inf"));
        return finite ? null : "only " + texts;
    }
}
