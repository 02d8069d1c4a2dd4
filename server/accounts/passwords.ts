import bcrypt from 'bcrypt';
import { dictionary } from '@zxcvbn-ts/language-common';
import { badRequest } from '../http/errors.js';

/** ~50,000 most common passwords (the zxcvbn list), lower-cased. */
const COMMON = new Set(dictionary.passwords.map((p) => p.toLowerCase()));

/** bcrypt hashing and the password policy beyond shape (which the request schema checks). */
export class Passwords {
  private dummyHash: Promise<string>;

  constructor(private readonly cost: number) {
    // Unknown logins are checked against this, so they take as long as wrong passwords.
    this.dummyHash = bcrypt.hash('parley-dummy-password', cost);
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.cost);
  }

  /** Compares against `hash`, or against a dummy hash when there is no user, in the same time. */
  async verify(password: string, hash: string | undefined): Promise<boolean> {
    const ok = await bcrypt.compare(password, hash ?? (await this.dummyHash));
    return ok && hash !== undefined;
  }

  /** Refuses passwords found in breach lists or made of the username/email. */
  assertAcceptable(password: string, context: { username?: string; email?: string } = {}): void {
    const lower = password.toLowerCase();
    const personal = [context.username, context.email?.split('@')[0]].filter((s): s is string => !!s && s.length >= 3);
    if (COMMON.has(lower) || personal.some((p) => lower.includes(p.toLowerCase()))) {
      throw badRequest('This password is too common or too easy to guess', [{ path: 'password', message: 'too common' }], 'weak_password');
    }
  }
}
