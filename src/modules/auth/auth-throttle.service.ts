import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { consumeOrRefuse, refuseIfExhausted, sharedRateLimiter } from '../../common/throttling/shared-rate-limiter.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { REDIS } from '../../infra/redis.module.js';

/**
 * Brute-force protection for the auth endpoints, shared by every API process through Redis
 * (an in-memory limiter takes over while Redis is unavailable).
 * - login: after LOGIN_MAX_FAILURES failed attempts for one email from one address, further
 *   attempts answer 429 for LOGIN_LOCKOUT_SECONDS; a success resets the count. One address is
 *   also limited to 20× that many failures over all emails.
 * - register: REGISTER_MAX_PER_IP organizations per address per REGISTER_WINDOW_SECONDS.
 */
@Injectable()
export class AuthThrottleService {
  private readonly loginFailures: RateLimiterRedis;
  private readonly loginFailuresPerAddress: RateLimiterRedis;
  private readonly registrations: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    const make = (name: string, points: number, duration: number) =>
      sharedRateLimiter(redis, config.redis.queuePrefix, name, points, duration);
    const { loginMaxFailures, loginLockoutSeconds, registerMaxPerIp, registerWindowSeconds } = config.auth;
    this.loginFailures = make('login', loginMaxFailures, loginLockoutSeconds);
    this.loginFailuresPerAddress = make('login-ip', loginMaxFailures * 20, loginLockoutSeconds);
    this.registrations = make('register', registerMaxPerIp, registerWindowSeconds);
  }

  async assertLoginAllowed(ip: string, email: string): Promise<void> {
    const message = 'Too many failed login attempts; try again later';
    await refuseIfExhausted(this.loginFailures, `${ip}|${email}`, message);
    await refuseIfExhausted(this.loginFailuresPerAddress, ip, message);
  }

  async recordLoginFailure(ip: string, email: string): Promise<void> {
    await Promise.all([
      this.loginFailures.consume(`${ip}|${email}`).catch(() => undefined),
      this.loginFailuresPerAddress.consume(ip).catch(() => undefined),
    ]);
  }

  async recordLoginSuccess(ip: string, email: string): Promise<void> {
    await this.loginFailures.delete(`${ip}|${email}`).catch(() => undefined);
  }

  async consumeRegistration(ip: string): Promise<void> {
    await consumeOrRefuse(this.registrations, ip, 'Too many registrations from this address; try again later');
  }
}
