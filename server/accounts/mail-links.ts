import type { AccountsContext } from './context.js';
import { randomToken, sha256 } from './crypto.js';
import type { TokenPurpose } from './one-time-tokens-store.js';

const PAGES: Record<TokenPurpose, string> = {
  verify_email: 'verify-email',
  change_email: 'verify-email',
  reset_password: 'reset-password',
};

/** Issues a single-use token (stored hashed) and returns the link that carries it, `...?token=<token>`. */
export function issueMailLink(
  ctx: AccountsContext,
  userId: string,
  purpose: TokenPurpose,
  ttlMs: number,
  payload?: string,
): string {
  const token = randomToken();
  ctx.tokens.issue({ hash: sha256(token), userId, purpose, expiresAt: Date.now() + ttlMs, ...(payload ? { payload } : {}) });
  return `${ctx.config.publicUrl}/${PAGES[purpose]}?token=${token}`;
}
