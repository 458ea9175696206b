package io.inferyx.api.jobs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStatus;
import io.inferyx.common.job.JobView;

import java.time.Instant;
import java.util.Optional;

/**
 * A job as the API shows it. Absent fields are left out. {@code result} is the model's output,
 * stored as JSON text, embedded as JSON (an object, array, string...) rather than as a string.
 *
 * @param joined true when this request joined an identical job already in flight
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResponse(
        @JsonProperty("request_id") String requestId,
        @JsonProperty("model_id") String modelId,
        @JsonProperty("status") String status,
        @JsonProperty("result") @JsonRawValue String result,
        @JsonProperty("error") String error,
        @JsonProperty("attempts") Integer attempts,
        @JsonProperty("cached") Boolean cached,
        @JsonProperty("joined") Boolean joined,
        @JsonProperty("submitted_at") Instant submittedAt,
        @JsonProperty("finished_at") Instant finishedAt) {

    /** The whole job once it is done or failed, else its id and current status (queued when unknown). */
    static JobResponse current(JobId id, Optional<JobView> view, boolean joined) {
        if (view.isPresent() && view.get().status().isTerminal()) {
            return of(view.get(), joined);
        }
        return pending(id, view.map(JobView::status).orElse(JobStatus.QUEUED), joined);
    }

    /** Whether the job is done or failed: the answer is final. */
    @JsonIgnore
    boolean finished() {
        return JobStatus.fromWire(status).isTerminal();
    }

    /** A job that is not finished yet: its id and status. */
    static JobResponse pending(JobId id, JobStatus status, boolean joined) {
        return new JobResponse(id.toString(), null, status.wire(), null, null, null, null, joinedFlag(joined),
                null, null);
    }

    /** A request answered from the cache, without running the model. */
    static JobResponse cached(JobId id, String resultJson) {
        return new JobResponse(id.toString(), null, JobStatus.DONE.wire(), resultJson, null, null, true, null,
                null, null);
    }

    /** Everything about a job. */
    static JobResponse of(JobView view, boolean joined) {
        return new JobResponse(view.id().toString(), view.id().model().value(), view.status().wire(), view.result(),
                view.error(), view.attempts(), view.cached(), joinedFlag(joined), view.submittedAt(),
                view.finishedAt());
    }

    private static Boolean joinedFlag(boolean joined) {
        return joined ? Boolean.TRUE : null;
    }
}
