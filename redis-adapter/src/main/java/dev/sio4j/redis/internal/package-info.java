// SPDX-License-Identifier: Apache-2.0
/**
 * The implementation of the Redis adapters. Not an API; the types that are public here
 * ({@link dev.sio4j.redis.internal.RedisConnections}, {@link dev.sio4j.redis.internal.RedisTarget},
 * {@link dev.sio4j.redis.internal.RedisWire}, {@link dev.sio4j.redis.internal.RedisAdapterFactory})
 * are shared with the sibling Redis modules and may change with them.
 */
package dev.sio4j.redis.internal;
