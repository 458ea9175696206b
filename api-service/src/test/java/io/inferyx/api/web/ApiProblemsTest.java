package io.inferyx.api.web;

import io.inferyx.common.job.ModelId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ApiProblemsTest {

    @ParameterizedTest
    @CsvSource({"PT1S, 1", "PT1.5S, 2", "PT0.001S, 1", "PT0S, 1", "PT2S, 2", "PT59.9S, 60"})
    void retryAfterIsWholeSecondsRoundedUp(Duration retryAfter, long seconds) {
        assertThat(ApiProblems.retryAfterSeconds(retryAfter)).isEqualTo(seconds);
    }

    @Test
    void aFullQueueIs429WithRetryAfter() {
        ErrorResponseException e = ApiProblems.queueFull(ModelId.of("mock"), 500, Duration.ofMillis(1500));
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("2");
        assertThat(e.getBody().getDetail()).contains("mock").contains("500");
    }
}
