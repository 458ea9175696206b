package io.inferyx.api.metrics;

import io.inferyx.common.config.ModelsProperties;
import io.inferyx.common.job.ModelId;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import static io.inferyx.common.metrics.MetricNames.CACHE_HITS;
import static io.inferyx.common.metrics.MetricNames.CACHE_MISSES;
import static io.inferyx.common.metrics.MetricNames.REQUESTS;
import static io.inferyx.common.metrics.MetricNames.TAG_MODEL;
import static io.inferyx.common.metrics.MetricNames.TAG_OUTCOME;

/**
 * The request metrics of DESIGN §7: {@code inferyx_requests_total{outcome,model}} and the cache
 * hit and miss counters. The model tag only ever takes a served model's name (or
 * {@value #UNKNOWN_MODEL}), so a client cannot blow up the number of series.
 */
@Component
public class RequestMetrics {

    /** Request attribute holding the served {@link ModelId} a request is about, once known. */
    public static final String MODEL_ATTRIBUTE = RequestMetrics.class.getName() + ".model";
    static final String UNKNOWN_MODEL = "unknown";

    private final MeterRegistry registry;

    public RequestMetrics(MeterRegistry registry, ModelsProperties models) {
        this.registry = registry;
        // registered up front so dashboards show zero rather than no data before the first request
        models.ids().forEach(model -> {
            registry.counter(CACHE_HITS, TAG_MODEL, model.value());
            registry.counter(CACHE_MISSES, TAG_MODEL, model.value());
        });
    }

    public void count(Outcome outcome, @Nullable ModelId model) {
        String modelTag = model == null ? UNKNOWN_MODEL : model.value();
        registry.counter(REQUESTS, TAG_OUTCOME, outcome.tag(), TAG_MODEL, modelTag).increment();
    }

    public void cacheHit(ModelId model) {
        registry.counter(CACHE_HITS, TAG_MODEL, model.value()).increment();
    }

    public void cacheMiss(ModelId model) {
        registry.counter(CACHE_MISSES, TAG_MODEL, model.value()).increment();
    }

    /** Notes which served model a request is about, so that an error answer can be tagged with it. */
    public static void rememberModel(ServletRequest request, ModelId model) {
        request.setAttribute(MODEL_ATTRIBUTE, model);
    }
}
