package io.inferyx.common.redis;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectDelayTest {

    @Test
    void reconnectionPausesGrowButNeverPastOneSecond() {
        ClientResources resources = RedisConnections.reconnectPromptly(ClientResources.builder()).build();
        try {
            Delay delay = resources.reconnectDelay();
            assertThat(delay.createDelay(1)).isLessThanOrEqualTo(Duration.ofMillis(10));
            assertThat(delay.createDelay(8)).isGreaterThan(delay.createDelay(2));
            for (long attempt = 1; attempt <= 40; attempt++) {
                assertThat(delay.createDelay(attempt)).isLessThanOrEqualTo(RedisConnections.MAX_RECONNECT_DELAY);
            }
            assertThat(delay.createDelay(40)).isEqualTo(RedisConnections.MAX_RECONNECT_DELAY);
        } finally {
            resources.shutdown();
        }
    }

    @Test
    void lettucesOwnDefaultWouldWaitUpToHalfAMinute() {
        ClientResources resources = ClientResources.create();
        try {
            assertThat(resources.reconnectDelay().createDelay(40)).isEqualTo(Duration.ofSeconds(30));
        } finally {
            resources.shutdown();
        }
    }
}
