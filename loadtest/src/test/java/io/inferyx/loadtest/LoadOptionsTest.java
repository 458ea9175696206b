package io.inferyx.loadtest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadOptionsTest {

    @Test
    void parsesAClosedLoopRun() {
        LoadOptions options = LoadOptions.parse(new String[]{"--concurrency", "16", "--duration", "5s"},
                Map.of("INFERYX_API_KEY", "k"));

        assertThat(options.closedLoop()).isTrue();
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.key()).isEqualTo("k");
        assertThat(options.url().toString()).isEqualTo("http://127.0.0.1:8000");
    }

    @Test
    void needsExactlyOneLoadShape() {
        assertThatThrownBy(() -> LoadOptions.parse(new String[]{"--key", "k"}, Map.of()))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> LoadOptions.parse(new String[]{"--key", "k", "--rate", "5", "--concurrency", "2"}, Map.of()))
                .hasMessageContaining("exactly one");
    }

    @Test
    void refusesNonLoopbackTargetsAndUnknownOptions() {
        assertThatThrownBy(() -> LoadOptions.parse(new String[]{"--key", "k", "--rate", "5", "--url", "http://10.0.0.1:8000"}, Map.of()))
                .hasMessageContaining("only loopback");
        assertThatThrownBy(() -> LoadOptions.parse(new String[]{"--kye", "k"}, Map.of()))
                .hasMessageContaining("unknown option");
    }

    @Test
    void needsAKey() {
        assertThatThrownBy(() -> LoadOptions.parse(new String[]{"--rate", "5"}, Map.of()))
                .hasMessageContaining("API key");
    }
}
