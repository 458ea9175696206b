package io.inferyx.launcher.faults;

import java.time.Duration;

/**
 * What the API answered to one {@code POST /infer}: the HTTP status ({@link #NO_ANSWER} when the
 * connection failed), the job id of a 2xx, and when the request was sent and answered
 * (System.nanoTime).
 */
record Answer(int status, String requestId, boolean cached, boolean joined, String retryAfter, String contentType,
              long sentNanos, long answeredNanos, String error) {

    static final int NO_ANSWER = -1;

    /** A 2xx with a job id: the API took responsibility for the job. */
    boolean accepted() {
        return status >= 200 && status < 300 && requestId != null;
    }

    Duration latency() {
        return Duration.ofNanos(answeredNanos - sentNanos);
    }
}
