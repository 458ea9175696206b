package io.inferyx.worker.model.onnx;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Iterator;

/**
 * The input of a classifier job: a text, and optionally the aspect (the entity) the sentiment
 * is about. The job input is the plain text, or, when the request named an aspect, the JSON
 * object {@code {"text": "...", "aspect": "..."}} that the API wrote. Anything else, JSON or
 * not, is taken as plain text.
 */
public record ClassifierInput(String text, @Nullable String aspect) {

    public static ClassifierInput parse(String input) {
        String s = input.strip();
        if (s.startsWith("{") && s.endsWith("}")) {
            try {
                JsonNode node = JsonMapper.shared().readTree(s);
                if (node.isObject() && node.path("text").isString() && onlyKnownFields(node)) {
                    JsonNode aspect = node.get("aspect");
                    String a = aspect != null && aspect.isString() && !aspect.stringValue().isBlank()
                            ? aspect.stringValue() : null;
                    return new ClassifierInput(node.get("text").stringValue(), a);
                }
            } catch (JacksonException e) {
                // not JSON: plain text
            }
        }
        return new ClassifierInput(input, null);
    }

    private static boolean onlyKnownFields(JsonNode node) {
        for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("text") && !name.equals("aspect")) {
                return false;
            }
        }
        return true;
    }
}
