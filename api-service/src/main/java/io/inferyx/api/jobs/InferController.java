package io.inferyx.api.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.inferyx.api.auth.BearerAuthFilter;
import io.inferyx.api.metrics.RequestMetrics;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.job.Submission;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * {@code POST /infer}: 202 when queued (or joined to an identical job in flight), 200 with the
 * result when served from the cache or finished within {@code ?wait=}, 429 when the model's
 * queue is full. A body with {@code inputs} (an array) makes one job per input, admitted all or
 * none, and is answered {@code {"jobs": [...]}}, in order: 200 when every job is finished, else
 * 202. Nothing is stored unless the request is valid.
 */
@RestController
class InferController {

    private final InferRequestReader reader;
    private final WaitParameter waits;
    private final JobAnswers answers;

    InferController(InferRequestReader reader, WaitParameter waits, JobAnswers answers) {
        this.reader = reader;
        this.waits = waits;
        this.answers = answers;
    }

    /** What {@code POST /infer} with {@code inputs} answers: one job per input, in order. */
    record JobsResponse(@JsonProperty("jobs") List<JobResponse> jobs) { }

    @PostMapping(path = "/infer", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> infer(@RequestBody JsonNode body, @RequestParam(required = false) @Nullable String wait,
                            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
                            HttpServletRequest http) {
        JsonNode json = reader.object(body);
        ModelId model = reader.model(json);
        RequestMetrics.rememberModel(http, model);
        Optional<String> idempotencyKey = reader.idempotencyKey(json, key);
        boolean many = reader.many(json);
        List<String> inputs = reader.jobInputs(json, model, many);
        Duration waitFor = waits.parse(wait);
        List<Submission> submissions = IntStream.range(0, inputs.size())
                .mapToObj(i -> new Submission(jobId(model, idempotencyKey, many ? i : -1, http), inputs.get(i)))
                .toList();
        JobAnswers.Answer answer = answers.admit(submissions, waitFor, idempotencyKey);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.finished() ? HttpStatus.OK : HttpStatus.ACCEPTED);
        if (answer.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return many ? response.body(new JobsResponse(answer.jobs())) : response.body(answer.jobs().getFirst());
    }

    /**
     * A random id, or the one derived from the client's idempotency key; the {@code index}-th
     * input of {@code inputs} (-1 for a lone {@code input}) derives its own, from the key and its
     * place: a key cannot hold a space, so these never collide with a lone input's.
     */
    private static JobId jobId(ModelId model, Optional<String> idempotencyKey, int index, HttpServletRequest http) {
        return idempotencyKey
                .map(key -> JobId.derived(model, clientScope(http), index < 0 ? key : key + " " + index))
                .orElseGet(() -> JobId.random(model));
    }

    /** The client of this request, for scoping idempotency keys; one scope when auth is off. */
    private static String clientScope(HttpServletRequest http) {
        Object scope = http.getAttribute(BearerAuthFilter.CLIENT_SCOPE);
        return scope == null ? "anonymous" : scope.toString();
    }
}
