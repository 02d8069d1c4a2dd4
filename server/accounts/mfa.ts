import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { ErrorCode } from '../../shared/api/errors.js';
import { AppError, badRequest, conflict, unauthorized } from '../http/errors.js';
import { sha256 } from './crypto.js';
import type { OneTimeTokensStore } from './one-time-tokens-store.js';
import type { RateLimits } from './rate-limits.js';
import type { UserRow, UsersStore } from './users-store.js';

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const RECOVERY_CODES = 10;

const totpFor = (secret: string, label: string) =>
  new TOTP({ issuer: 'Parley', label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

/** Recovery codes compare without case, spaces or dashes. */
const normalizeRecovery = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

function recoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** TOTP (RFC 6238) second factor: each code works once, ±1 step, plus ten single-use recovery codes. */
export class Mfa {
  constructor(
    private readonly users: UsersStore,
    private readonly codes: OneTimeTokensStore,
    private readonly limits: RateLimits,
  ) {}

  /** Starts enrolment: a fresh secret, effective only once `enable` sees a valid code for it. */
  setup(user: UserRow): { secret: string; otpauthUri: string } {
    if (user.mfa_secret) throw conflict('Two-factor authentication is already on', 'mfa_already_enabled');
    const secret = new Secret({ size: 20 }).base32;
    this.users.setMfaPending(user.id, secret);
    return { secret, otpauthUri: totpFor(secret, user.username).toString() };
  }

  async enable(user: UserRow, code: string): Promise<string[]> {
    if (user.mfa_secret) throw conflict('Two-factor authentication is already on', 'mfa_already_enabled');
    if (!user.mfa_pending_secret) throw badRequest('Start with the setup step first', undefined, 'mfa_not_set_up');
    await this.limits.assertNotBlocked('mfaFailuresPerAccount', user.id);
    const step = this.validTotpStep(user.mfa_pending_secret, user.username, code);
    if (step === null) {
      await this.limits.fail('mfaFailuresPerAccount', user.id);
      throw badRequest('That code is not valid', undefined, ErrorCode.invalidMfaCode);
    }
    const recovery = Array.from({ length: RECOVERY_CODES }, recoveryCode);
    this.users.enableMfa(user.id, step);
    this.codes.replaceRecoveryCodes(user.id, recovery.map((c) => sha256(normalizeRecovery(c))));
    return recovery;
  }

  disable(userId: string): void {
    this.users.disableMfa(userId);
    this.codes.deleteRecoveryCodes(userId);
  }

  /** Checks a second factor for an MFA user (throws 401/429); TOTP steps and recovery codes are single-use. */
  async check(user: UserRow, code: string | undefined): Promise<void> {
    if (!user.mfa_secret) return;
    if (!code) throw new AppError(401, ErrorCode.mfaRequired, 'A two-factor code is required');
    await this.limits.assertNotBlocked('mfaFailuresPerAccount', user.id);
    if (!this.accepts(user, code)) {
      await this.limits.fail('mfaFailuresPerAccount', user.id);
      throw unauthorized('That two-factor code is not valid', ErrorCode.invalidMfaCode);
    }
  }

  private accepts(user: UserRow, code: string): boolean {
    const secret = user.mfa_secret as string;
    if (/^\d{6}$/.test(code.trim())) {
      const step = this.validTotpStep(secret, user.username, code.trim());
      return step !== null && this.users.claimMfaStep(user.id, step);
    }
    return this.codes.consumeRecoveryCode(user.id, sha256(normalizeRecovery(code)));
  }

  private validTotpStep(secret: string, label: string, code: string): number | null {
    const totp = totpFor(secret, label);
    const delta = totp.validate({ token: code.trim(), window: 1 });
    return delta === null ? null : totp.counter() + delta;
  }
}
