package io.inferyx.launcher;

import io.inferyx.api.ApiProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Everything docker-compose.yaml names exists in the code and the configuration. */
@SuppressWarnings("unchecked")
class ComposeFileTest {

    private static final Path ROOT = RepositoryFiles.root();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yaml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws IOException {
        return (Map<String, Object>) ((Map<String, Object>) compose().get("services")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> map, String key) {
        return (Map<String, Object>) map.get(key);
    }

    @Test
    void everyServiceImageBuildsAModuleThatExists() throws IOException {
        for (FleetService fleet : FleetService.values()) {
            String module = fleet.label() + "-service";
            Map<String, Object> service = service(fleet.label());
            assertThat(section(section(service, "build"), "args")).containsEntry("SERVICE", module);
            assertThat(ROOT.resolve(module).resolve("src/main/resources/" + module + ".yaml")).isRegularFile();
        }
        assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("${SERVICE}-*-exec.jar", "USER inferyx",
                "HEALTHCHECK", "/dev/tcp/127.0.0.1/8080");
    }

    @Test
    void onlyTheApiPrometheusAndGrafanaArePublishedOnThePortsTheyListenOn() throws IOException {
        Map<String, Object> services = section(compose(), "services");
        List<String> published = services.entrySet().stream()
                .filter(e -> ((Map<?, ?>) e.getValue()).containsKey("ports")).map(Map.Entry::getKey).sorted().toList();
        assertThat(published).containsExactly("api", "grafana", "prometheus");
        assertThat((List<Object>) service("api").get("ports")).containsExactly(FleetService.API.port() + ":" + FleetService.API.port());
        assertThat(Files.readString(ROOT.resolve("api-service/src/main/resources/api-service.yaml")))
                .contains("port: " + FleetService.API.port());
    }

    @Test
    void everyServiceAnswersHealthOnThePortTheHealthCheckAsks() throws IOException {
        assertThat(Files.readString(ROOT.resolve("api-service/src/main/resources/api-service.yaml")))
                .containsPattern("management:\\s+server:\\s+port: 8080");
        for (String module : List.of("batcher-service", "worker-service", "retry-service")) {
            assertThat(Files.readString(ROOT.resolve(module + "/src/main/resources/" + module + ".yaml")))
                    .as(module).containsPattern("server:\\s+port: 8080");
        }
    }

    @Test
    void everyMountedFileExists() throws IOException {
        assertThat(ROOT.resolve("prometheus.yaml")).isRegularFile();
        assertThat(ROOT.resolve("grafana/provisioning/datasources")).isDirectory();
        assertThat(ROOT.resolve("grafana/provisioning/dashboards")).isDirectory();
        Map<String, Object> grafana = service("grafana");
        String home = (String) section(grafana, "environment").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(home).startsWith("/var/lib/grafana/dashboards/");
        assertThat(ROOT.resolve("grafana/dashboards").resolve(Path.of(home).getFileName())).isRegularFile();
        assertThat((List<Object>) grafana.get("volumes")).contains("./grafana/dashboards:/var/lib/grafana/dashboards:ro");
        assertThat(Files.readString(ROOT.resolve("grafana/provisioning/dashboards/inferyx.yaml")))
                .contains("/var/lib/grafana/dashboards");
    }

    @Test
    void redisKeepsEveryAcceptedJob() throws IOException {
        assertThat((List<Object>) service("redis").get("command"))
                .containsSubsequence("--appendonly", "yes").containsSubsequence("--maxmemory-policy", "noeviction");
        assertThat(service("redis")).containsKey("healthcheck");
    }

    @Test
    void theEnvironmentOfTheServicesBindsToRealProperties() throws IOException {
        Map<String, Object> environment = section(service("api"), "environment");
        assertThat(environment.keySet()).containsExactlyInAnyOrder("INFERYX_REDIS_URL", "INFERYX_API_KEYS",
                "INFERYX_MODELS_SERVED");
        Binder binder = binderOf(Map.of("INFERYX_API_KEYS", "key-1,key-2", "INFERYX_MODELS_SERVED", "mock"));
        assertThat(binder.bind("inferyx.api", ApiProperties.class).get().keys()).containsExactly("key-1", "key-2");
        assertThat(binder.bind("inferyx.models.served", String[].class).get()).containsExactly("mock");
        for (FleetService fleet : FleetService.values()) {
            String module = fleet.label() + "-service";
            assertThat(Files.readString(ROOT.resolve(module + "/src/main/resources/" + module + ".yaml")))
                    .as(module).contains("${INFERYX_REDIS_URL:");
        }
    }

    @Test
    void environmentVariablesNamedAsTheReadmeSaysBind() {
        Binder binder = binderOf(Map.of("INFERYX_BATCHING_MAX_BATCH_SIZE", "7", "INFERYX_RETRY_MAX_BACKOFF", "45s"));

        assertThat(binder.bind("inferyx.batching.max-batch-size", Integer.class).orElse(-1)).isEqualTo(7);
        assertThat(binder.bind("inferyx.retry.max-backoff", java.time.Duration.class).get()).hasSeconds(45);
    }

    private static Binder binderOf(Map<String, Object> env) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource("env", env));
        return new Binder(ConfigurationPropertySources.from(sources));
    }
}
