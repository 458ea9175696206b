package io.inferyx.common.job;

/** What {@code POST /infer} asks for: run {@code input} through {@code model}. */
public record Submission(JobId id, String input) {

    public ModelId model() {
        return id.model();
    }

    public InputDigest digest() {
        return InputDigest.of(input);
    }
}
