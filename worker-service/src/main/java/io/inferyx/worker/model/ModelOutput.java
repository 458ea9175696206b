package io.inferyx.worker.model;

/** What a model made of one input: a result, or a failure with its reason. */
public sealed interface ModelOutput {

    static ModelOutput success(String resultJson) {
        return new Success(resultJson);
    }

    static ModelOutput failure(String message, boolean retryable) {
        return new Failure(message, retryable);
    }

    /** @param resultJson the result as JSON text, stored and served as is */
    record Success(String resultJson) implements ModelOutput {
        public Success {
            if (resultJson == null || resultJson.isBlank()) {
                throw new IllegalArgumentException("a result must be JSON text");
            }
        }
    }

    /**
     * @param message   why the input failed; shown to the client, so never empty
     * @param retryable whether running it again may succeed (false for bad input, say)
     */
    record Failure(String message, boolean retryable) implements ModelOutput {
        public Failure {
            if (message == null || message.isBlank()) {
                throw new IllegalArgumentException("a failure needs a reason");
            }
        }
    }
}
