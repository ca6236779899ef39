// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import dev.sio4j.adapter.AdapterFactory;
import dev.sio4j.adapter.cluster.ClusterAdapterFactory;
import dev.sio4j.redis.RedisAdapter;
import dev.sio4j.redis.RedisAdapterOptions;
import dev.sio4j.redis.ShardedRedisAdapterOptions;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * With {@code sio4j.redis.enabled=true}, {@code sio4j-redis-adapter} and
 * {@code spring-boot-starter-data-redis} (Lettuce) on the class path: the server's adapter is the
 * Redis adapter ({@code sio4j.redis.mode}: classic or sharded) on the Lettuce client of Spring's
 * {@link LettuceConnectionFactory}, so {@code spring.data.redis.*} (host, port, password, TLS)
 * configure both. The adapter opens two connections of its own from that client and never shuts
 * the client down; the factory bean is closed after the server. An {@link AdapterFactory} bean of
 * the application's own takes precedence.
 *
 * <p>Redis Cluster and Sentinel connection factories are refused at start: the adapter needs one
 * Redis server's Pub/Sub (a standalone {@link RedisClient}).
 */
@AutoConfiguration(before = SocketIoAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({RedisAdapter.class, LettuceConnectionFactory.class})
@ConditionalOnBooleanProperty("sio4j.redis.enabled")
public class SocketIoRedisAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public SocketIoRedisAutoConfiguration() {
    }

    /**
     * The Redis adapter factory on Spring's Lettuce client.
     *
     * @throws InvalidConfigurationPropertyValueException for a bad {@code sio4j.redis.*} value
     * @throws IllegalStateException when the connection factory is not on a standalone Redis
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnBean(LettuceConnectionFactory.class)
    @ConditionalOnMissingBean(AdapterFactory.class)
    public ClusterAdapterFactory socketIoRedisAdapter(LettuceConnectionFactory connectionFactory, SocketIoProperties properties) {
        AbstractRedisClient nativeClient = connectionFactory.getRequiredNativeClient();
        if (!(nativeClient instanceof RedisClient client) || connectionFactory.getSentinelConfiguration() != null) {
            throw new IllegalStateException("sio4j.redis.enabled needs a standalone Redis connection (spring.data.redis.host/port/url), not "
                    + nativeClient.getClass().getSimpleName()
                    + (connectionFactory.getSentinelConfiguration() != null ? " through Sentinel" : ""));
        }
        SocketIoProperties.Redis redis = properties.getRedis();
        try {
            if (redis.getMode() == SocketIoProperties.Redis.Mode.SHARDED) {
                return RedisAdapter.sharded(ShardedRedisAdapterOptions.builder(client)
                        .channelPrefix(redis.getKey())
                        .requestsTimeout(redis.getRequestsTimeout())
                        .build());
            }
            return RedisAdapter.classic(RedisAdapterOptions.builder(client)
                    .key(redis.getKey())
                    .requestsTimeout(redis.getRequestsTimeout())
                    .build());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidConfigurationPropertyValueException("sio4j.redis", redis.getKey() + ", " + redis.getRequestsTimeout(),
                    String.valueOf(e.getMessage()));
        }
    }
}
