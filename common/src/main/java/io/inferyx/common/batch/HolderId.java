package io.inferyx.common.batch;

import java.util.regex.Pattern;

/**
 * The name of one batcher or worker that holds jobs under a lease, such as {@code host-1234-w3}.
 * Part of Redis keys, so restricted to a safe alphabet.
 */
public record HolderId(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    public HolderId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("holder id must match " + VALID.pattern() + ": " + value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
