package io.inferyx.worker.model.onnx;


/**
 * A multinomial logistic regression on sentence embeddings, trained deterministically: weights
 * start at zero and full-batch gradient descent runs a fixed number of epochs over the examples
 * in their given order, so the same embeddings always give the same head.
 */
public final class SoftmaxHead {

    private final float[][] weights;
    private final float[] bias;

    private SoftmaxHead(float[][] weights, float[] bias) {
        this.weights = weights;
        this.bias = bias;
    }

    /**
     * @param x       one embedding per example
     * @param y       the class index of each example
     * @param classes the number of classes
     */
    public static SoftmaxHead train(float[][] x, int[] y, int classes, int epochs, double learningRate, double l2) {
        int n = x.length;
        int dim = x[0].length;
        double[][] w = new double[classes][dim];
        double[] b = new double[classes];
        double[] counts = new double[classes];
        for (int label : y) {
            counts[label]++;
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            double[][] gw = new double[classes][dim];
            double[] gb = new double[classes];
            for (int i = 0; i < n; i++) {
                double[] p = probabilities(w, b, x[i]);
                // classes weigh alike whatever their number of examples
                double weight = n / (classes * counts[y[i]]);
                for (int c = 0; c < classes; c++) {
                    double g = weight * (p[c] - (c == y[i] ? 1 : 0));
                    gb[c] += g;
                    for (int d = 0; d < dim; d++) {
                        gw[c][d] += g * x[i][d];
                    }
                }
            }
            for (int c = 0; c < classes; c++) {
                b[c] -= learningRate * gb[c] / n;
                for (int d = 0; d < dim; d++) {
                    w[c][d] -= learningRate * (gw[c][d] / n + l2 * w[c][d]);
                }
            }
        }
        float[][] wf = new float[classes][dim];
        float[] bf = new float[classes];
        for (int c = 0; c < classes; c++) {
            bf[c] = (float) b[c];
            for (int d = 0; d < dim; d++) {
                wf[c][d] = (float) w[c][d];
            }
        }
        return new SoftmaxHead(wf, bf);
    }

    private static double[] probabilities(double[][] w, double[] b, float[] x) {
        float[] logits = new float[w.length];
        for (int c = 0; c < w.length; c++) {
            double s = b[c];
            for (int d = 0; d < x.length; d++) {
                s += w[c][d] * x[d];
            }
            logits[c] = (float) s;
        }
        return Classification.softmax(logits);
    }

    public float[] logits(float[] x) {
        float[] logits = new float[weights.length];
        for (int c = 0; c < weights.length; c++) {
            double s = bias[c];
            for (int d = 0; d < x.length; d++) {
                s += weights[c][d] * x[d];
            }
            logits[c] = (float) s;
        }
        return logits;
    }

    /** Share of the examples whose most likely class is their label. */
    public double accuracy(float[][] x, int[] y) {
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            float[] l = logits(x[i]);
            int best = 0;
            for (int c = 1; c < l.length; c++) {
                if (l[c] > l[best]) {
                    best = c;
                }
            }
            right += best == y[i] ? 1 : 0;
        }
        return (double) right / x.length;
    }

}
