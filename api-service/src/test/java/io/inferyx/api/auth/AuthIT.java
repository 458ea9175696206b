package io.inferyx.api.auth;

import io.inferyx.api.ApiApplication;
import io.inferyx.api.ApiClient;
import io.inferyx.api.ApiClient.Response;
import io.inferyx.api.RedisProbe;
import io.inferyx.common.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.inferyx.api.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = ApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "inferyx.api.keys=alpha-key, beta-key"})
class AuthIT {

    private static final RedisProbe probe = new RedisProbe();

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        probe.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        probe.close();
    }

    @Test
    void aRequestWithoutAKeyIsRefusedAndStoresNothing() {
        Response response = new ApiClient(port, null).postJson("/infer", body("input", "hello"));

        assertUnauthorized(response);
        assertThat(response.json().get("detail").stringValue()).contains("missing");
        assertThat(probe.allKeys()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gamma-key", "alpha-key-2", "alpha", "ALPHA-KEY"})
    void aWrongKeyIsRefusedWithoutEchoingIt(String key) {
        Response response = new ApiClient(port, key).get("/models");

        assertUnauthorized(response);
        assertThat(response.body()).doesNotContain(key).doesNotContain("alpha-key");
    }

    @Test
    void anotherSchemeIsRefused() {
        ApiClient api = new ApiClient(port, null);
        Response response = api.send(api.request("/models").header("Authorization", "Basic YWxwaGEta2V5Og==").GET());

        assertUnauthorized(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alpha-key", "beta-key"})
    void everyConfiguredKeyIsAccepted(String key) {
        assertThat(new ApiClient(port, key).get("/models").status()).isEqualTo(200);
    }

    @Test
    void theManagementPortNeedsNoKeyAndShowsTheRefusals() {
        new ApiClient(port, "wrong").get("/models");
        ApiClient management = new ApiClient(managementPort, null);

        assertThat(management.get("/actuator/health").status()).isEqualTo(200);
        Response prometheus = management.get("/actuator/prometheus");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body()).containsPattern("inferyx_requests_total\\{[^}]*outcome=\"unauthorized\"")
                .contains("inferyx_cache_hits_total").contains("service=\"api\"");
        assertThat(management.get("/actuator/env").status()).isEqualTo(404);
    }

    @Test
    void theApiPortDoesNotServeTheActuator() {
        assertThat(new ApiClient(port, "alpha-key").get("/actuator/health").status()).isEqualTo(404);
    }

    @Test
    void startUpIsRefusedWithoutKeys() {
        assertThatThrownBy(() -> ApiApplication.builder()
                .properties("server.port=0", "management.server.port=0", "spring.data.redis.url=" + TestRedis.url(),
                        "inferyx.redis.key-prefix=" + TestRedis.uniquePrefix())
                .run().close())
                .rootCause().hasMessageContaining("inferyx.api.keys");
    }

    private static void assertUnauthorized(Response response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("status").intValue()).isEqualTo(401);
    }
}
