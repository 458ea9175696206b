package io.inferyx.api.jobs;

import io.inferyx.api.ApiProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaitParameterTest {

    private final WaitParameter waits = new WaitParameter(
            new ApiProperties(List.of("k"), true, 100, Duration.ofSeconds(30), 10, 64));

    @ParameterizedTest
    @CsvSource({"2s, PT2S", "500ms, PT0.5S", "1, PT1S", "0, PT0S", "1.5s, PT1.5S", "2.5, PT2.5S", "0.5m, PT30S",
            "PT0.25S, PT0.25S", "30s, PT30S", " 3s , PT3S"})
    void readsDurations(String value, Duration expected) {
        assertThat(waits.parse(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"31s", "1m", "1h", "999999999999h", "PT9999999H"})
    void capsLongWaitsAtTheMaximum(String value) {
        assertThat(waits.parse(value)).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = " ")
    void noValueMeansNoWaiting(String value) {
        assertThat(waits.parse(value)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-1s", "-1", "PT-1S", "2 s", "1.s", ".5s", "s", "10x", "1d", "PT", "1e3"})
    void refusesAnythingElseAsABadRequest(String value) {
        assertThatThrownBy(() -> waits.parse(value))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST));
    }
}
