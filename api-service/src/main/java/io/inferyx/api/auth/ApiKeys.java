package io.inferyx.api.auth;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * The accepted API keys, kept only as SHA-256 digests.
 *
 * <p>A presented key is hashed and compared with every digest using {@link MessageDigest#isEqual}
 * (constant time), and all digests are compared even after a match: neither the timing nor the
 * length of the answer tells an attacker how close a guess was, or which key matched.
 */
public final class ApiKeys {

    private final List<byte[]> digests;

    public ApiKeys(Collection<String> keys) {
        this.digests = keys.stream().map(ApiKeys::sha256).toList();
    }

    public boolean matches(@Nullable String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] key : digests) {
            match |= MessageDigest.isEqual(key, digest);
        }
        return match;
    }

    /**
     * A name for the client holding {@code key} that reveals nothing about the key: idempotency
     * keys are scoped by it, so two clients choosing the same key never meet.
     */
    public static String scopeOf(String key) {
        return HexFormat.of().formatHex(sha256(key), 0, 8);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
