import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { tooManyRequests } from '../http/errors.js';

interface Rule {
  points: number;
  duration: number;
}

/**
 * Every limit on the account endpoints. Blocks always expire (at most an hour), and failed
 * logins count per account *and* IP, so nobody can lock a victim out from elsewhere for long.
 * In memory: one process. Several processes would share a store (rate-limiter-flexible has Redis).
 */
const RULES = {
  loginPerIp: { points: 60, duration: 600 },
  loginFailuresPerAccountAndIp: { points: 5, duration: 900 },
  loginFailuresPerAccount: { points: 50, duration: 3600 },
  registerPerIp: { points: 10, duration: 3600 },
  tokenChecksPerIp: { points: 30, duration: 900 },
  mailsPerAccount: { points: 5, duration: 3600 },
  mailRequestsPerIp: { points: 20, duration: 3600 },
  mfaFailuresPerAccount: { points: 5, duration: 300 },
} satisfies Record<string, Rule>;

export type LimitName = keyof typeof RULES;

export class RateLimits {
  private readonly limiters: Record<LimitName, RateLimiterMemory>;

  constructor(scale = 1) {
    this.limiters = Object.fromEntries(
      Object.entries(RULES).map(([name, r]) => [name, new RateLimiterMemory({ keyPrefix: name, points: r.points * scale, duration: r.duration })]),
    ) as Record<LimitName, RateLimiterMemory>;
  }

  /** Counts one use; throws 429 (with Retry-After) once the allowance is spent. */
  async consume(name: LimitName, key: string): Promise<void> {
    try {
      await this.limiters[name].consume(key);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw tooManyRequests(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
      throw res;
    }
  }

  /** Throws 429 when the allowance is already spent, without counting this request (for failure-only limits). */
  async assertNotBlocked(name: LimitName, key: string): Promise<void> {
    const res = await this.limiters[name].get(key);
    if (res && res.consumedPoints >= this.limiters[name].points) {
      throw tooManyRequests(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
    }
  }

  /** Counts a failure without throwing (the request already has its answer). */
  async fail(name: LimitName, key: string): Promise<void> {
    await this.limiters[name].penalty(key, 1);
  }

  async reset(name: LimitName, key: string): Promise<void> {
    await this.limiters[name].delete(key);
  }
}
