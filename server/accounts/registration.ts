import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../shared/api/errors.js';
import { badRequest, conflict } from '../http/errors.js';
import { emailChangedNoticeMail, verificationMail, welcomeMail } from '../mail/templates.js';
import { HOUR, type AccountsContext } from './context.js';
import { sha256 } from './crypto.js';
import { issueMailLink } from './mail-links.js';
import { DuplicateError, type UserRow } from './users-store.js';

const VERIFICATION_TTL = 24 * HOUR;

/** Creates an account and mails its verification link. */
export async function register(ctx: AccountsContext, input: { username: string; email: string; password: string }, ip: string): Promise<UserRow> {
  await ctx.limits.consume('registerPerIp', ip);
  ctx.passwords.assertAcceptable(input.password, input);
  if (ctx.users.byUsername(input.username)) throw conflict('That username is taken', ErrorCode.usernameTaken);
  if (ctx.users.byEmail(input.email)) throw conflict('That email is already registered', ErrorCode.emailTaken);
  const passwordHash = await ctx.passwords.hash(input.password);
  try {
    // The unique indexes decide races between concurrent registrations.
    return ctx.db.transaction(() => {
      const user = ctx.users.insert({ id: randomUUID(), username: input.username, email: input.email, passwordHash, verified: false });
      sendVerification(ctx, user);
      return user;
    })();
  } catch (err) {
    if (err instanceof DuplicateError) {
      throw conflict(`That ${err.field} is already in use`, err.field === 'email' ? ErrorCode.emailTaken : ErrorCode.usernameTaken);
    }
    throw err;
  }
}

function sendVerification(ctx: AccountsContext, user: UserRow): void {
  const link = issueMailLink(ctx, user.id, 'verify_email', VERIFICATION_TTL);
  ctx.mailer.send({ to: user.email, ...verificationMail({ username: user.username, link }) });
}

/** Confirms a sign-up address or an address change, from the token in the mail. */
export async function verifyEmail(ctx: AccountsContext, token: string, ip: string): Promise<void> {
  await ctx.limits.consume('tokenChecksPerIp', ip);
  ctx.db.transaction(() => {
    const row = ctx.tokens.consume(sha256(token), ['verify_email', 'change_email']);
    const user = row && ctx.users.byId(row.user_id);
    if (!row || !user || user.deactivated_at !== null) {
      throw badRequest('This link is invalid, expired or already used', undefined, ErrorCode.invalidToken);
    }
    if (row.purpose === 'verify_email') {
      const first = user.email_verified_at === null;
      ctx.users.markVerified(user.id);
      if (first) ctx.mailer.send({ to: user.email, ...welcomeMail({ username: user.username, appUrl: ctx.config.publicUrl }) });
      return;
    }
    const newEmail = row.payload as string;
    try {
      ctx.users.setEmail(user.id, newEmail);
    } catch (err) {
      if (err instanceof DuplicateError) throw conflict('That email is already registered', ErrorCode.emailTaken);
      throw err;
    }
    ctx.mailer.send({ to: user.email, ...emailChangedNoticeMail({ username: user.username, newEmail }) });
  })();
}

/** Sends a new verification link. Answers the same whether or not the address exists. */
export async function resendVerification(ctx: AccountsContext, email: string, ip: string): Promise<void> {
  await ctx.limits.consume('mailRequestsPerIp', ip);
  const user = ctx.users.byEmail(email);
  if (!user || user.email_verified_at !== null || user.deactivated_at !== null) return;
  if (!(await withinMailAllowance(ctx, user.id))) return;
  sendVerification(ctx, user);
}

/** Per-account mail allowance; exceeding it is silent so it reveals nothing about the account. */
export async function withinMailAllowance(ctx: AccountsContext, userId: string): Promise<boolean> {
  try {
    await ctx.limits.consume('mailsPerAccount', userId);
    return true;
  } catch {
    return false;
  }
}
