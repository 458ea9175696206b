package io.inferyx.api.web;

import io.inferyx.api.ApiProperties;
import io.inferyx.api.metrics.RequestMetrics;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.json.JsonMapper;

/** The servlet filters of the API port, in the order they run, and how it writes JSON. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    /** After the HTTP observation filter (so refusals are observed), before Spring's form filter reads bodies. */
    public static final int AUTH_ORDER = -10_100;
    public static final int BODY_LIMIT_ORDER = -10_000;

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimit(ApiProperties properties, ProblemWriter problems,
                                                              RequestMetrics metrics) {
        var registration = new FilterRegistrationBean<>(
                new BodySizeLimitFilter(properties.maxBodyBytes(), problems, metrics));
        registration.setOrder(BODY_LIMIT_ORDER);
        return registration;
    }

    /** Takes the place of Spring Boot's JSON converter, with the same {@link JsonMapper}. */
    @Bean
    JacksonJsonHttpMessageConverter sizedJsonConverter(JsonMapper mapper) {
        return new SizedJsonConverter(mapper);
    }
}
