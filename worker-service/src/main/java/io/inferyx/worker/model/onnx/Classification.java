package io.inferyx.worker.model.onnx;

import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Softmax over logits, and the result JSON {@code {"label", "probabilities": {label: p}, "aspect"?}}. */
final class Classification {

    private Classification() {
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    static String json(List<String> labels, double[] probabilities, @Nullable String aspect) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("label", labels.get(best));
        Map<String, Double> probs = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            probs.put(labels.get(i), Math.round(probabilities[i] * 1e6) / 1e6);
        }
        result.put("probabilities", probs);
        if (aspect != null) {
            result.put("aspect", aspect);
        }
        return tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(result);
    }
}
