package io.inferyx.common.job;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public id of a job, {@code <model>.<32 hex digits>}.
 *
 * <p>The model is part of the id because every key of a job lives under its model's hash tag:
 * reading a result needs the model, and the id is all a client sends. The random part is
 * 128 bits from a {@link SecureRandom}, so ids cannot be guessed.
 */
public record JobId(ModelId model, String token) {

    private static final Pattern FORMAT = Pattern.compile("([a-z0-9][a-z0-9_-]{0,63})\\.([0-9a-f]{32})");
    private static final SecureRandom RANDOM = new SecureRandom();

    public JobId {
        if (token == null || token.length() != 32 || !token.chars().allMatch(JobId::isHex)) {
            throw new IllegalArgumentException("job token must be 32 lower-case hex digits");
        }
    }

    public static JobId random(ModelId model) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new JobId(model, HexFormat.of().formatHex(bytes));
    }

    /**
     * The id a retried request gets again: derived from the client's idempotency key, within the
     * scope of the client (so two clients' keys never collide), as 128 bits of a SHA-256.
     */
    public static JobId derived(ModelId model, String scope, String idempotencyKey) {
        String digest = InputDigest.of(scope + "\n" + model + "\n" + idempotencyKey).hex();
        return new JobId(model, digest.substring(0, 32));
    }

    /** Parses {@code <model>.<token>}; throws {@link IllegalArgumentException} on anything else. */
    public static JobId parse(String value) {
        Matcher m = value == null ? null : FORMAT.matcher(value);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("request id must look like <model>.<32 hex digits>");
        }
        return new JobId(new ModelId(m.group(1)), m.group(2));
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    @Override
    public String toString() {
        return model.value() + "." + token;
    }
}
