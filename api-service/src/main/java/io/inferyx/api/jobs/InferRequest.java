package io.inferyx.api.jobs;

import io.inferyx.common.job.JobId;
import io.inferyx.common.job.ModelId;

/**
 * A validated {@code POST /infer} body: a served model, a non-blank input within the size limit,
 * and the id the job gets (derived from the client's idempotency key when it sent one).
 */
record InferRequest(JobId id, String input) {

    ModelId model() {
        return id.model();
    }
}
