package io.inferyx.loadtest;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadOptionsTest {

    private static final Map<String, String> KEY = Map.of("INFERYX_API_KEY", "k");

    private static LoadOptions parse(String... args) {
        return LoadOptions.parse(args, KEY);
    }

    @Test
    void parsesAClosedLoopRun() {
        LoadOptions options = parse("--concurrency", "16", "--duration", "5s");

        assertThat(options.closedLoop()).isTrue();
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.key()).isEqualTo("k");
        assertThat(options.url().toString()).isEqualTo("http://127.0.0.1:8000");
        assertThat(options.reportJson()).isEmpty();
        assertThat(options.maxConnections()).isEqualTo(LoadOptions.DEFAULT_MAX_CONNECTIONS);
        assertThat(options.inputsPerRequest()).isEqualTo(1);
    }

    @Test
    void takesManyInputsPerRequestButNotForTheProfile() {
        assertThat(parse("--rate", "5", "--inputs", "16").inputsPerRequest()).isEqualTo(16);
        assertThat(parse("--rate", "5", "--inputs", "16").settings().inputsPerRequest()).isEqualTo(16);
        assertThatThrownBy(() -> parse("--rate", "5", "--inputs", "0")).hasMessageContaining("--inputs must be 1 to");
        assertThatThrownBy(() -> parse("--rate", "5", "--inputs", "1025")).hasMessageContaining("--inputs must be 1 to");
        assertThatThrownBy(() -> parse("--profile", "original", "--inputs", "4")).hasMessageContaining("--inputs does not apply");
    }

    @Test
    void parsesTheOriginalProfileWithSeedDrainAndReports() {
        LoadOptions options = parse("--profile", "original", "--seed", "42", "--drain", "1500ms",
                "--report-json", "out/r.json", "--report-html", "out/r.html", "--max-input-chars", "500",
                "--max-connections", "64");

        assertThat(options.shape()).isEqualTo(LoadShape.PROFILE);
        assertThat(options.seed()).isEqualTo(42);
        assertThat(options.drain()).isEqualTo(Duration.ofMillis(1500));
        assertThat(options.maxInputChars()).isEqualTo(500);
        assertThat(options.settings().maxConnections()).isEqualTo(64);
        assertThat(options.reportJson()).isEqualTo(Optional.of(Path.of("out/r.json")));
        assertThat(options.reportHtml()).isEqualTo(Optional.of(Path.of("out/r.html")));
        assertThat(options.settings().profile()).isEqualTo("original");
    }

    @Test
    void readsDurationsInMillisecondsSecondsAndMinutes() {
        assertThat(parse("--rate", "5", "--wait", "250ms").resultWait()).isEqualTo(Duration.ofMillis(250));
        assertThat(parse("--rate", "5", "--duration", "1.5s").duration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(parse("--rate", "5", "--duration", "2m").duration()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void drawsADifferentSeedWhenNoneIsGiven() {
        assertThat(parse("--rate", "5").seed()).isNotEqualTo(parse("--rate", "5").seed());
    }

    @Test
    void needsExactlyOneLoadShape() {
        assertThatThrownBy(() -> parse()).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> parse("--rate", "5", "--concurrency", "2")).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> parse("--profile", "original", "--rate", "5")).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> parse("--profile", "original", "--concurrency", "4")).hasMessageContaining("exactly one");
    }

    @Test
    void refusesAnUnknownProfileAndARepeatShareForTheProfile() {
        assertThatThrownBy(() -> parse("--profile", "spiky")).hasMessageContaining("unknown --profile spiky");
        assertThatThrownBy(() -> parse("--profile", "original", "--repeat-share", "0.5"))
                .hasMessageContaining("--repeat-share does not apply");
    }

    @Test
    void namesTheOptionWhoseValueIsMalformed() {
        assertThatThrownBy(() -> parse("--rate", "fast")).hasMessage("--rate must be a number, was 'fast'");
        assertThatThrownBy(() -> parse("--rate", "5", "--duration", "10")).hasMessageContaining("--duration must be a duration");
        assertThatThrownBy(() -> parse("--rate", "5", "--seed", "1.5")).hasMessageContaining("--seed must be a whole number");
        assertThatThrownBy(() -> parse("--rate", "5", "--drain", "-1s")).hasMessageContaining("--drain must be a duration");
    }

    @Test
    void refusesValuesOutOfRange() {
        assertThatThrownBy(() -> parse("--rate", "0")).hasMessageContaining("--rate must be positive");
        assertThatThrownBy(() -> parse("--concurrency", "-2")).hasMessageContaining("--concurrency must be positive");
        assertThatThrownBy(() -> parse("--rate", "5", "--repeat-share", "1.5")).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> parse("--rate", "5", "--duration", "0s")).hasMessageContaining("--duration must be positive");
        assertThatThrownBy(() -> parse("--rate", "5", "--max-input-chars", "0")).hasMessageContaining("--max-input-chars");
        assertThatThrownBy(() -> parse("--rate", "5", "--max-connections", "0")).hasMessageContaining("--max-connections");
    }

    @Test
    void refusesNonLoopbackTargetsUnlessTheEnvironmentAllowsThem() {
        assertThatThrownBy(() -> parse("--rate", "5", "--url", "http://10.0.0.1:8000")).hasMessageContaining("only loopback");
        assertThatThrownBy(() -> parse("--rate", "5", "--url", "localhost:8000")).hasMessageContaining("--url must look like");

        LoadOptions remote = LoadOptions.parse(new String[]{"--rate", "5", "--url", "http://10.0.0.1:8000"},
                Map.of("INFERYX_API_KEY", "k", "INFERYX_LOADTEST_ANY_HOST", "1"));
        assertThat(remote.url().getHost()).isEqualTo("10.0.0.1");
    }

    @Test
    void refusesUnknownRepeatedAndValuelessOptions() {
        assertThatThrownBy(() -> parse("--kye", "k")).hasMessageContaining("unknown option --kye");
        assertThatThrownBy(() -> parse("rate", "5")).hasMessageContaining("unknown option rate");
        assertThatThrownBy(() -> parse("--rate", "5", "--seed")).hasMessageContaining("every option needs a value");
        assertThatThrownBy(() -> parse("--rate", "5", "--rate", "6")).hasMessageContaining("--rate is given twice");
    }

    @Test
    void needsAKey() {
        assertThatThrownBy(() -> LoadOptions.parse(new String[]{"--rate", "5"}, Map.of())).hasMessageContaining("API key");
    }

    @Test
    void neverShowsTheKey() {
        LoadOptions options = LoadOptions.parse(new String[]{"--rate", "5", "--key", "s3cret-key"}, Map.of());

        assertThat(options.toString()).doesNotContain("s3cret-key").contains("open-loop");
    }
}
