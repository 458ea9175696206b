package io.inferyx.worker.model.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX Runtime session, opened once and shared by all workers of a model (ORT sessions are
 * safe to run from several threads at once). Each call gets {@code intraOpThreads} threads:
 * on a small machine several single-threaded callers beat one multi-threaded one.
 * Feeds {@code input_ids}, {@code attention_mask} and, when the model declares it,
 * {@code token_type_ids}; answers the first output.
 */
public final class OnnxSession implements AutoCloseable {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private final OrtSession session;
    private final Set<String> inputs;

    private OnnxSession(OrtSession session) throws OrtException {
        this.session = session;
        this.inputs = session.getInputNames();
        for (String required : new String[] {"input_ids", "attention_mask"}) {
            if (!inputs.contains(required)) {
                session.close();
                throw new IllegalArgumentException("the ONNX model takes " + inputs + ", but needs an input named "
                        + required);
            }
        }
    }

    public static OnnxSession open(byte[] model, int intraOpThreads) {
        try (OrtSession.SessionOptions options = options(intraOpThreads)) {
            return new OnnxSession(ENV.createSession(model, options));
        } catch (OrtException e) {
            throw new IllegalStateException("cannot open the ONNX model: " + e.getMessage(), e);
        }
    }

    public static OnnxSession open(java.nio.file.Path model, int intraOpThreads) {
        try (OrtSession.SessionOptions options = options(intraOpThreads)) {
            return new OnnxSession(ENV.createSession(model.toString(), options));
        } catch (OrtException e) {
            throw new IllegalStateException("cannot open the ONNX model " + model + ": " + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions options(int intraOpThreads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(intraOpThreads);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return options;
    }

    /** Runs the batch; answers the first output as a float tensor's Java array (float[][] or float[][][]). */
    public Object run(Tokens tokens) {
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put("input_ids", OnnxTensor.createTensor(ENV, tokens.ids()));
            feed.put("attention_mask", OnnxTensor.createTensor(ENV, tokens.mask()));
            if (inputs.contains("token_type_ids")) {
                feed.put("token_type_ids", OnnxTensor.createTensor(ENV, tokens.typeIds()));
            }
            try (OrtSession.Result result = session.run(feed)) {
                return result.get(0).getValue();
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
