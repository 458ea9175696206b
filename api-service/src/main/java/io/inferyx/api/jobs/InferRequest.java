package io.inferyx.api.jobs;

import io.inferyx.common.job.ModelId;

/** A validated {@code POST /infer} body: a served model and a non-blank input within the size limit. */
record InferRequest(ModelId model, String input) {
}
