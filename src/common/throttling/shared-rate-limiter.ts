import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequestsException } from '../errors/too-many-requests.exception.js';

/**
 * A rate limiter shared by every API process through Redis, under the deployment's queue prefix.
 * While Redis is unavailable an in-memory limiter per process takes over, so throttling degrades
 * to per-process limits instead of failing the request.
 */
export function sharedRateLimiter(
  redis: Redis,
  queuePrefix: string,
  name: string,
  points: number,
  durationSeconds: number,
): RateLimiterRedis {
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${queuePrefix}:throttle:${name}`,
    points,
    duration: durationSeconds,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds }),
  });
}

/** Consumes one point; a refusal becomes a 429 with Retry-After. Limiter storage failures never block the request. */
export async function consumeOrRefuse(limiter: RateLimiterRedis, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new TooManyRequestsException(message, rejection.msBeforeNext / 1000);
  }
}

/** 429 when `key` has already used all its points (without consuming one). */
export async function refuseIfExhausted(limiter: RateLimiterRedis, key: string, message: string): Promise<void> {
  const state = await limiter.get(key).catch(() => null);
  if (state && state.consumedPoints >= limiter.points) throw new TooManyRequestsException(message, state.msBeforeNext / 1000);
}
