package io.inferyx.api.web;

import io.inferyx.common.job.ModelId;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;

/**
 * The refusals of the API as exceptions that Spring MVC renders as
 * {@code application/problem+json} (RFC 9457), through {@link ApiExceptionHandler}.
 */
public final class ApiProblems {

    /** What a {@code POST /infer} body looks like, for the answers that refuse one. */
    public static final String EXPECTED_BODY = "the body must be a JSON object: {\"input\": \"...\", \"model_id\": \"mock\"}";

    private ApiProblems() {
    }

    public static ErrorResponseException badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, detail);
    }

    public static ErrorResponseException notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, detail);
    }

    public static ErrorResponseException tooLarge(String detail) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, detail);
    }

    /** 422: an idempotency key already names a job with another input. */
    public static ErrorResponseException idempotencyConflict(String key) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency key '" + key
                + "' was already used for a request with a different input");
    }

    /** 429 with {@code Retry-After}: the model's backlog is full and nothing was stored. */
    public static ErrorResponseException queueFull(ModelId model, long backlog, Duration retryAfter) {
        long seconds = retryAfterSeconds(retryAfter);
        ErrorResponseException e = problem(HttpStatus.TOO_MANY_REQUESTS, "the queue of model '" + model
                + "' is full (" + backlog + " jobs waiting); retry after " + seconds + " s");
        e.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return e;
    }

    /** Whole seconds, rounded up, and at least 1: "retry after 0 seconds" would invite a hot loop. */
    static long retryAfterSeconds(Duration retryAfter) {
        long millis = Math.max(0, retryAfter.toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
