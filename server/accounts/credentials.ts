import { ErrorCode } from '../../shared/api/errors.js';
import { badRequest, conflict, forbidden } from '../http/errors.js';
import { emailChangeMail, passwordChangedNoticeMail, passwordResetMail } from '../mail/templates.js';
import { HOUR, type AccountsContext } from './context.js';
import { sha256 } from './crypto.js';
import { issueMailLink } from './mail-links.js';
import { withinMailAllowance } from './registration.js';
import type { UserRow } from './users-store.js';

/** Re-checks the password of a signed-in user before a sensitive change. */
export async function confirmPassword(ctx: AccountsContext, user: UserRow, password: string): Promise<void> {
  await ctx.limits.assertNotBlocked('loginFailuresPerAccount', user.id);
  if (!(await ctx.passwords.verify(password, user.password_hash))) {
    await ctx.limits.fail('loginFailuresPerAccount', user.id);
    throw forbidden('Wrong password', 'wrong_password');
  }
}

async function setPassword(ctx: AccountsContext, user: UserRow, password: string): Promise<void> {
  ctx.passwords.assertAcceptable(password, user);
  ctx.users.setPasswordHash(user.id, await ctx.passwords.hash(password));
  ctx.mailer.send({ to: user.email, ...passwordChangedNoticeMail({ username: user.username }) });
}

/** Changes the password; every other session ends. */
export async function changePassword(ctx: AccountsContext, user: UserRow, current: string, next: string, sessionId: string): Promise<void> {
  await confirmPassword(ctx, user, current);
  await setPassword(ctx, user, next);
  ctx.sessions.revokeAll(user.id, 'password_changed', sessionId);
}

/** Mails a reset link (valid 1 h). Answers the same whether or not the address exists. */
export async function requestPasswordReset(ctx: AccountsContext, email: string, ip: string): Promise<void> {
  await ctx.limits.consume('mailRequestsPerIp', ip);
  const user = ctx.users.byEmail(email);
  if (!user || user.deactivated_at !== null || !(await withinMailAllowance(ctx, user.id))) return;
  const link = issueMailLink(ctx, user.id, 'reset_password', HOUR);
  ctx.mailer.send({ to: user.email, ...passwordResetMail({ username: user.username, link }) });
}

/** Sets a new password from a reset token; every session ends. A refused password leaves the token usable. */
export async function confirmPasswordReset(ctx: AccountsContext, token: string, password: string, ip: string): Promise<void> {
  await ctx.limits.consume('tokenChecksPerIp', ip);
  const hash = sha256(token);
  const invalid = () => badRequest('This link is invalid, expired or already used', undefined, ErrorCode.invalidToken);
  const peeked = ctx.tokens.peek(hash, ['reset_password']);
  const user = peeked && ctx.users.byId(peeked.user_id);
  if (!user || user.deactivated_at !== null) throw invalid();
  ctx.passwords.assertAcceptable(password, user);
  const passwordHash = await ctx.passwords.hash(password);
  ctx.db.transaction(() => {
    // Consumed only now, atomically: a concurrent confirm with the same token loses here.
    if (!ctx.tokens.consume(hash, ['reset_password'])) throw invalid();
    ctx.users.setPasswordHash(user.id, passwordHash);
    // Following the mailed link proves the address, too.
    ctx.users.markVerified(user.id);
  })();
  ctx.mailer.send({ to: user.email, ...passwordChangedNoticeMail({ username: user.username }) });
  ctx.sessions.revokeAll(user.id, 'password_reset');
}

/** Starts an address change: the new address must confirm it through a mailed link. */
export async function requestEmailChange(ctx: AccountsContext, user: UserRow, email: string, password: string): Promise<void> {
  await confirmPassword(ctx, user, password);
  const owner = ctx.users.byEmail(email);
  if (owner && owner.id !== user.id) throw conflict('That email is already registered', ErrorCode.emailTaken);
  if (owner) throw badRequest('That is already your address', undefined, 'email_unchanged');
  // The caller is signed in, so spending the allowance may say so: 429 with Retry-After, as the contract has it.
  await ctx.limits.consume('mailsPerAccount', user.id);
  const link = issueMailLink(ctx, user.id, 'change_email', 24 * HOUR, email);
  ctx.mailer.send({ to: email, ...emailChangeMail({ username: user.username, link, newEmail: email }) });
}
