package io.inferyx.api.jobs;

import io.inferyx.api.auth.BearerAuthFilter;
import io.inferyx.api.metrics.RequestMetrics;
import io.inferyx.api.waiting.JobWaiter;
import io.inferyx.api.waiting.Watch;
import io.inferyx.api.web.ApiProblems;
import io.inferyx.common.config.QueueProperties;
import io.inferyx.common.job.Admission;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStatus;
import io.inferyx.common.job.JobView;
import io.inferyx.common.job.ModelId;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code POST /infer}: 202 when queued (or joined to an identical job in flight), 200 with the
 * result when served from the cache or finished within {@code ?wait=}, 429 when the model's
 * queue is full. Nothing is stored unless the request is valid.
 */
@RestController
class InferController {

    private final InferRequestReader reader;
    private final WaitParameter waits;
    private final Admissions admissions;
    private final JobWaiter waiter;
    private final QueueProperties queue;

    InferController(InferRequestReader reader, WaitParameter waits, Admissions admissions, JobWaiter waiter,
                    QueueProperties queue) {
        this.reader = reader;
        this.waits = waits;
        this.admissions = admissions;
        this.waiter = waiter;
        this.queue = queue;
    }

    @PostMapping(path = "/infer", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobResponse> infer(@RequestBody JsonNode body, @RequestParam(required = false) @Nullable String wait,
                                      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
                                      HttpServletRequest http) {
        JsonNode json = reader.object(body);
        ModelId model = reader.model(json);
        RequestMetrics.rememberModel(http, model);
        Optional<String> idempotencyKey = reader.idempotencyKey(json, key);
        JobId id = idempotencyKey.map(k -> JobId.derived(model, clientScope(http), k)).orElseGet(() -> JobId.random(model));
        InferRequest request = new InferRequest(id, reader.jobInput(json, model));
        Duration waitFor = waits.parse(wait);
        Optional<Watch> ahead = waiter.watchAhead(id, waitFor);
        try {
            return admit(request, waitFor, ahead, idempotencyKey);
        } finally {
            ahead.ifPresent(Watch::close);
        }
    }

    private ResponseEntity<JobResponse> admit(InferRequest request, Duration waitFor, Optional<Watch> ahead,
                                              Optional<String> idempotencyKey) {
        Admission admission = admissions.admit(request);
        if (!(admission instanceof Admission.Accepted)) {
            ahead.ifPresent(Watch::close); // another job or none: free the slot before waiting on another
        }
        return switch (admission) {
            case Admission.Cached c -> ResponseEntity.ok(JobResponse.cached(c.id(), c.result()));
            case Admission.Accepted a when waitFor.isZero() ->
                    ResponseEntity.accepted().body(JobResponse.pending(a.id(), JobStatus.QUEUED, false));
            case Admission.Accepted a when ahead.isPresent() ->
                    answer(a.id(), waiter.awaitWatched(a.id(), ahead.get()), false);
            case Admission.Accepted a -> answer(a.id(), waitFor, false);
            case Admission.Joined j -> answer(j.id(), waitFor, true);
            case Admission.Rejected r -> throw ApiProblems.queueFull(request.model(), r.backlog(), queue.retryAfter());
            case Admission.Duplicate d when d.sameInput() -> replayed(answer(d.id(), waitFor, false));
            case Admission.Duplicate d -> throw ApiProblems.idempotencyConflict(idempotencyKey.orElseThrow());
        };
    }

    /** The client of this request, for scoping idempotency keys; one scope when auth is off. */
    private static String clientScope(HttpServletRequest http) {
        Object scope = http.getAttribute(BearerAuthFilter.CLIENT_SCOPE);
        return scope == null ? "anonymous" : scope.toString();
    }

    private static ResponseEntity<JobResponse> replayed(ResponseEntity<JobResponse> answer) {
        return ResponseEntity.status(answer.getStatusCode()).header("Idempotent-Replayed", "true").body(answer.getBody());
    }

    /** 200 with the whole job once it is done or failed, else 202 with its current status. */
    private ResponseEntity<JobResponse> answer(JobId id, Duration wait, boolean joined) {
        return answer(id, waiter.await(id, wait), joined);
    }

    private static ResponseEntity<JobResponse> answer(JobId id, Optional<JobView> view, boolean joined) {
        if (view.isPresent() && view.get().status().isTerminal()) {
            return ResponseEntity.ok(JobResponse.of(view.get(), joined));
        }
        JobStatus status = view.map(JobView::status).orElse(JobStatus.QUEUED);
        return ResponseEntity.accepted().body(JobResponse.pending(id, status, joined));
    }
}
