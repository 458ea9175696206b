package io.inferyx.common;

import io.inferyx.common.batch.JobQueues;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.batch.QueueSizes;
import io.inferyx.common.config.BatchingProperties;
import io.inferyx.common.config.CacheProperties;
import io.inferyx.common.config.JobProperties;
import io.inferyx.common.config.ModelsProperties;
import io.inferyx.common.config.QueueProperties;
import io.inferyx.common.config.RecoveryProperties;
import io.inferyx.common.config.RedisKeyProperties;
import io.inferyx.common.config.RetryProperties;
import io.inferyx.common.config.WorkerProperties;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.redis.RedisConnections;
import io.inferyx.common.redis.RedisJobQueues;
import io.inferyx.common.redis.RedisJobStore;
import io.inferyx.common.redis.RedisKeys;
import io.inferyx.common.redis.RedisLeases;
import io.inferyx.common.redis.RedisQueueSizes;
import io.inferyx.common.redis.Scripts;
import io.lettuce.core.RedisClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.time.Clock;

/**
 * What every service shares: the typed configuration of DESIGN §5 (validated at start-up) and
 * the Redis adapters behind the {@link JobStore}, {@link JobQueues}, {@link Leases} and
 * {@link QueueSizes} ports.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({BatchingProperties.class, QueueProperties.class, RetryProperties.class,
        WorkerProperties.class, CacheProperties.class, JobProperties.class, RedisKeyProperties.class,
        ModelsProperties.class, RecoveryProperties.class})
public class InferyxConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RedisKeys redisKeys(RedisKeyProperties properties) {
        return new RedisKeys(properties.keyPrefix());
    }

    /** Each command at most once, and a fast failure while Redis is unreachable: see {@link RedisConnections#atMostOnce}. */
    @Bean
    LettuceClientOptionsBuilderCustomizer atMostOnceCommands() {
        return RedisConnections::atMostOnce;
    }

    /** Back within a second of Redis: see {@link RedisConnections#reconnectPromptly}. */
    @Bean
    ClientResourcesBuilderCustomizer promptReconnection() {
        return RedisConnections::reconnectPromptly;
    }

    @Bean(destroyMethod = "close")
    RedisConnections redisConnections(LettuceConnectionFactory factory) {
        if (!(factory.getRequiredNativeClient() instanceof RedisClient client)) {
            throw new IllegalStateException("Inferyx needs a standalone Redis client (spring.data.redis.url)");
        }
        return new RedisConnections(client);
    }

    @Bean
    Scripts scripts(RedisConnections connections) {
        return new Scripts(connections.shared());
    }

    @Bean
    JobStore jobStore(RedisKeys keys, Scripts scripts, RedisConnections connections, QueueProperties queue,
                      JobProperties jobs) {
        return new RedisJobStore(keys, scripts, connections.shared(), queue, jobs);
    }

    @Bean
    JobQueues jobQueues(RedisKeys keys, Scripts scripts, RedisConnections connections, JobProperties jobs,
                        CacheProperties cache) {
        return new RedisJobQueues(keys, scripts, connections, jobs, cache);
    }

    @Bean
    Leases leases(RedisKeys keys, Scripts scripts, RedisConnections connections, JobProperties jobs,
                  RecoveryProperties recovery) {
        return new RedisLeases(keys, scripts, connections.shared().sync(), jobs, recovery);
    }

    @Bean
    QueueSizes queueSizes(RedisKeys keys, RedisConnections connections) {
        return new RedisQueueSizes(keys, connections.shared());
    }
}
