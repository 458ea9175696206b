package io.inferyx.api.jobs;

import io.inferyx.api.metrics.RequestMetrics;
import io.inferyx.api.waiting.JobWaiter;
import io.inferyx.api.web.ApiProblems;
import io.inferyx.common.config.ModelsProperties;
import io.inferyx.common.job.JobId;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;

/**
 * {@code GET /result/{id}}: the job, with its result or error once finished. With
 * {@code ?wait=} the request is held until the job finishes or the wait ends (long-poll).
 */
@RestController
class ResultController {

    private final ModelsProperties models;
    private final WaitParameter waits;
    private final JobWaiter waiter;

    ResultController(ModelsProperties models, WaitParameter waits, JobWaiter waiter) {
        this.models = models;
        this.waits = waits;
        this.waiter = waiter;
    }

    @GetMapping("/result/{id}")
    JobResponse result(@PathVariable String id, @RequestParam(required = false) @Nullable String wait,
                       HttpServletRequest http) {
        JobId jobId = parse(id);
        Duration waitFor = waits.parse(wait);
        if (!models.serves(jobId.model().value())) {
            throw unknown(jobId);
        }
        RequestMetrics.rememberModel(http, jobId.model());
        return waiter.await(jobId, waitFor).map(view -> JobResponse.of(view, false)).orElseThrow(() -> unknown(jobId));
    }

    private static JobId parse(String id) {
        try {
            return JobId.parse(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblems.badRequest("a request id looks like <model>.<32 hex digits>, as POST /infer answered it");
        }
    }

    /** Unknown, or finished so long ago that it expired. */
    private static RuntimeException unknown(JobId id) {
        return ApiProblems.notFound("no job " + id + " (unknown, or its result has expired)");
    }
}
