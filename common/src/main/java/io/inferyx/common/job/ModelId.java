package io.inferyx.common.job;

import java.util.regex.Pattern;

/**
 * The name of a served model, such as {@code mock} or {@code minilm}.
 *
 * <p>Model ids become part of Redis keys and hash tags, so only lower-case letters, digits,
 * {@code -} and {@code _} are allowed; anything else is rejected before it reaches Redis.
 */
public record ModelId(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public ModelId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("model id must match " + VALID.pattern());
        }
    }

    public static ModelId of(String value) {
        return new ModelId(value);
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
