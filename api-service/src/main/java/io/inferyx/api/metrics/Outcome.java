package io.inferyx.api.metrics;

import java.util.Locale;

/** How the API answered a request, as the {@code outcome} tag of {@code inferyx_requests_total}. */
public enum Outcome {
    ACCEPTED, CACHED, JOINED, REPLAYED, REJECTED, INVALID, UNAUTHORIZED, NOT_FOUND, UNAVAILABLE, ERROR;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
