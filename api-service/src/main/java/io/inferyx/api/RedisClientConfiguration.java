package io.inferyx.api;

import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How this service's Lettuce client behaves while Redis is unreachable. */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

    /**
     * By default Lettuce buffers commands issued while disconnected and replays them after the
     * reconnect. For the API that is wrong twice: the client waits for the command timeout, and a
     * submission it was told had failed (503) could still create a job later. Rejecting them at
     * once turns an outage into an immediate 503.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
        return options -> options.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS);
    }
}
