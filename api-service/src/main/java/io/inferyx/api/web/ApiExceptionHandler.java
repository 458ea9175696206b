package io.inferyx.api.web;

import io.inferyx.api.metrics.Outcome;
import io.inferyx.api.metrics.RequestMetrics;
import io.inferyx.common.job.ModelId;
import io.lettuce.core.RedisException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure of a request into {@code application/problem+json}, without a stack trace,
 * and counts it in {@code inferyx_requests_total}. Spring MVC's own failures (unreadable body,
 * wrong content type, unknown path, wrong method) are rendered by the base class.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final RequestMetrics metrics;

    ApiExceptionHandler(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    /** Lettuce's connection failures, command timeouts and commands rejected while disconnected. */
    @ExceptionHandler(RedisException.class)
    ResponseEntity<Object> redisUnavailable(RedisException e, WebRequest request) {
        log.warn("Redis is unavailable: {}", e.getMessage());
        return problem(e, HttpStatus.SERVICE_UNAVAILABLE, "the job store is unavailable; retry shortly", request);
    }

    /** Malformed JSON or no body at all; the parser's own message would expose internals. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return problem(e, HttpStatus.BAD_REQUEST, ApiProblems.EXPECTED_BODY, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        log.error("request failed unexpectedly", e);
        return problem(e, HttpStatus.INTERNAL_SERVER_ERROR, "internal error", request);
    }

    private ResponseEntity<Object> problem(Exception e, HttpStatus status, String detail, WebRequest request) {
        return handleExceptionInternal(e, ProblemDetail.forStatusAndDetail(status, detail), new HttpHeaders(),
                status, request);
    }

    /** Every answer of this handler passes here: the one place to count refusals. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        Outcome outcome = outcomeOf(status);
        if (outcome != null) {
            metrics.count(outcome, (ModelId) request.getAttribute(RequestMetrics.MODEL_ATTRIBUTE,
                    RequestAttributes.SCOPE_REQUEST));
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    /** Null for 429: the admission that refused the request already counted it as rejected. */
    private static @Nullable Outcome outcomeOf(HttpStatusCode status) {
        return switch (status.value()) {
            case 401 -> Outcome.UNAUTHORIZED;
            case 404 -> Outcome.NOT_FOUND;
            case 429 -> null;
            case 503 -> Outcome.UNAVAILABLE;
            default -> status.is4xxClientError() ? Outcome.INVALID : Outcome.ERROR;
        };
    }
}
