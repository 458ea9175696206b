package io.inferyx.api.jobs;

import io.inferyx.api.ApiProperties;
import io.inferyx.api.web.ApiProblems;
import io.inferyx.common.config.ModelsProperties;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.models.ModelRepository;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validates a {@code POST /infer} body, field by field, with answers that say what is wrong.
 * The body is read as a tree rather than bound to a type so that a number or an object given as
 * {@code input} is refused instead of being coerced into a string.
 */
@Component
class InferRequestReader {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");

    static final int MAX_ASPECT_CHARS = 200;

    private final ModelsProperties models;
    private final ModelRepository repository;
    private final int maxInputChars;
    private final int maxInputs;

    InferRequestReader(ModelsProperties models, ModelRepository repository, ApiProperties properties) {
        this.models = models;
        this.repository = repository;
        this.maxInputChars = properties.maxInputChars();
        this.maxInputs = properties.maxInputs();
    }

    JsonNode object(@Nullable JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblems.badRequest(ApiProblems.EXPECTED_BODY);
        }
        return body;
    }

    /** The served model named by {@code model_id}; the first served model when it is absent. */
    ModelId model(JsonNode body) {
        JsonNode node = body.get("model_id");
        if (node == null || node.isNull()) {
            return models.ids().getFirst();
        }
        if (!node.isString() || !ModelId.isValid(node.stringValue())) {
            throw ApiProblems.badRequest("model_id must be a string of 1 to 64 lower-case letters, digits, "
                    + "'-' or '_', starting with a letter or digit");
        }
        if (!models.serves(node.stringValue())) {
            throw ApiProblems.notFound("model '" + node.stringValue() + "' is not served; GET /models lists the served models");
        }
        return ModelId.of(node.stringValue());
    }

    /**
     * The client's idempotency key, from the {@code Idempotency-Key} header or the body's
     * {@code request_id}: 1 to 128 printable ASCII characters; both given must agree.
     */
    Optional<String> idempotencyKey(JsonNode body, @Nullable String header) {
        JsonNode node = body.get("request_id");
        if (node != null && !node.isNull() && !node.isString()) {
            throw ApiProblems.badRequest("request_id must be a JSON string");
        }
        String fromBody = node == null || node.isNull() ? null : node.stringValue();
        if (header != null && fromBody != null && !header.equals(fromBody)) {
            throw ApiProblems.badRequest("the Idempotency-Key header and request_id differ");
        }
        Optional<String> key = Optional.ofNullable(header != null ? header : fromBody);
        key.filter(k -> !IDEMPOTENCY_KEY.matcher(k).matches()).ifPresent(k -> {
            throw ApiProblems.badRequest("an idempotency key is 1 to 128 printable ASCII characters");
        });
        return key;
    }

    /** Whether the body carries an array of inputs ({@code inputs}) rather than one {@code input}. */
    boolean many(JsonNode body) {
        boolean many = present(body, "inputs");
        if (many && present(body, "input")) {
            throw ApiProblems.badRequest("send either input or inputs, not both");
        }
        return many;
    }

    /**
     * The jobs' inputs: the {@code input} string, or each string of {@code inputs} when
     * {@link #many}, as they are;
     * or, when the body names an {@code aspect} (for a model whose repository config says
     * {@code aspect=true}), each as the JSON object {@code {"text": input, "aspect": aspect}} in
     * text. A job without an aspect keeps the plain input, so its cache key and the Redis job
     * format stay as they were.
     */
    List<String> jobInputs(JsonNode body, ModelId model, boolean many) {
        List<String> texts = many ? inputs(body) : List.of(input(body));
        Optional<String> aspect = aspect(body, model);
        return aspect.isEmpty() ? texts : texts.stream().map(text -> withAspect(text, aspect.get())).toList();
    }

    private Optional<String> aspect(JsonNode body, ModelId model) {
        if (!present(body, "aspect")) {
            return Optional.empty();
        }
        JsonNode node = body.get("aspect");
        if (!node.isString() || node.stringValue().isBlank()) {
            throw ApiProblems.badRequest("aspect must be a non-blank JSON string");
        }
        if (!repository.acceptsAspect(model)) {
            throw ApiProblems.badRequest("model '" + model + "' takes no aspect");
        }
        String aspect = node.stringValue().strip();
        if (aspect.codePointCount(0, aspect.length()) > MAX_ASPECT_CHARS) {
            throw ApiProblems.badRequest("aspect has more than " + MAX_ASPECT_CHARS + " characters");
        }
        return Optional.of(aspect);
    }

    private static String withAspect(String text, String aspect) {
        Map<String, String> job = new LinkedHashMap<>();
        job.put("text", text);
        job.put("aspect", aspect);
        return JsonMapper.shared().writeValueAsString(job);
    }

    private String input(JsonNode body) {
        if (!present(body, "input")) {
            throw ApiProblems.badRequest("input (a string) or inputs (an array of strings) is required");
        }
        String input = text(body.get("input"), "input");
        int length = input.codePointCount(0, input.length());
        if (length > maxInputChars) {
            throw ApiProblems.tooLarge("input has " + length + " characters; at most " + maxInputChars + " are accepted");
        }
        return input;
    }

    /** The strings of {@code inputs}: 1 to max-inputs of them, max-input-chars in all. */
    private List<String> inputs(JsonNode body) {
        JsonNode node = body.get("inputs");
        if (!node.isArray() || node.isEmpty()) {
            throw ApiProblems.badRequest("inputs must be a non-empty JSON array of strings");
        }
        if (node.size() > maxInputs) {
            throw ApiProblems.tooLarge("inputs has " + node.size() + " items; at most " + maxInputs + " are accepted");
        }
        List<String> inputs = new ArrayList<>(node.size());
        long length = 0;
        for (int i = 0; i < node.size(); i++) {
            String input = text(node.get(i), "inputs[" + i + "]");
            length += input.codePointCount(0, input.length());
            inputs.add(input);
        }
        if (length > maxInputChars) {
            throw ApiProblems.tooLarge("inputs have " + length + " characters in all; at most " + maxInputChars
                    + " are accepted in one request");
        }
        return inputs;
    }

    private static String text(JsonNode node, String name) {
        if (!node.isString()) {
            throw ApiProblems.badRequest(name + " must be a JSON string");
        }
        if (node.stringValue().isBlank()) {
            throw ApiProblems.badRequest(name + " must not be blank");
        }
        return node.stringValue();
    }

    private static boolean present(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && !node.isNull();
    }
}
