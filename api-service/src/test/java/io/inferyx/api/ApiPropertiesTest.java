package io.inferyx.api;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Config.class);

    @Test
    void startUpIsRefusedWithoutKeysWhileAuthIsOn() {
        runner.run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("inferyx.api.keys").hasMessageContaining("INFERYX_API_KEYS"));
    }

    @Test
    void blankKeysDoNotCount() {
        runner.withPropertyValues("inferyx.api.keys= , ")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("inferyx.api.keys"));
    }

    @Test
    void startsWithoutKeysWhenAuthIsOff() {
        runner.withPropertyValues("inferyx.api.auth-enabled=false")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void readsCommaSeparatedKeysFromTheEnvironmentVariable() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("INFERYX_API_KEYS", "first-key, second-key"))))
                .run(context -> assertThat(context.getBean(ApiProperties.class).keys())
                        .containsExactly("first-key", "second-key"));
    }

    @Test
    void defaultsFollowTheContract() {
        runner.withPropertyValues("inferyx.api.keys=k").run(context -> {
            ApiProperties properties = context.getBean(ApiProperties.class);
            assertThat(properties.authEnabled()).isTrue();
            assertThat(properties.maxInputChars()).isEqualTo(10_000);
            assertThat(properties.maxWait()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.maxBodyBytes()).isGreaterThan(4 * 10_000).isLessThan(1 << 20);
        });
    }

    @Test
    void aNegativeMaxWaitIsRefusedByName() {
        runner.withPropertyValues("inferyx.api.keys=k", "inferyx.api.max-wait=-1s")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("inferyx.api.max-wait"));
    }

    @Test
    void aZeroMaxInputCharsIsRefusedByName() {
        runner.withPropertyValues("inferyx.api.keys=k", "inferyx.api.max-input-chars=0")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("inferyx.api.max-input-chars"));
    }

    @Test
    void toStringNeverShowsTheKeys() {
        ApiProperties properties = new ApiProperties(java.util.List.of("s3cret-key"), true, 10, Duration.ZERO, 1, 64);
        assertThat(properties.toString()).doesNotContain("s3cret").contains("1 configured");
    }

    @EnableConfigurationProperties(ApiProperties.class)
    static class Config {
    }
}
