package io.inferyx.api.auth;

import io.inferyx.api.ApiProperties;
import io.inferyx.api.metrics.RequestMetrics;
import io.inferyx.api.web.ProblemWriter;
import io.inferyx.api.web.WebConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bearer authentication of the API port. The filter is registered with this application's
 * servlet container only; the actuator runs on its own management port without it.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuthConfiguration.class);

    @Bean
    FilterRegistrationBean<BearerAuthFilter> bearerAuth(ApiProperties properties, ProblemWriter problems,
                                                        RequestMetrics metrics) {
        var filter = new BearerAuthFilter(new ApiKeys(properties.keys()), problems, metrics);
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(WebConfiguration.AUTH_ORDER);
        registration.setEnabled(properties.authEnabled());
        if (properties.authEnabled()) {
            log.info("API authentication on, {} key(s) accepted", properties.keys().size());
        } else {
            log.warn("API authentication is OFF (inferyx.api.auth-enabled=false): anyone who reaches the port can submit");
        }
        return registration;
    }
}
