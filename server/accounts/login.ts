import { ErrorCode } from '../../shared/api/errors.js';
import { forbidden, unauthorized } from '../http/errors.js';
import type { AccountsContext } from './context.js';
import type { ClientInfo, TokenPair } from './sessions.js';
import type { UserRow } from './users-store.js';

/**
 * Password login (plus a TOTP or recovery code when MFA is on). Unknown users and wrong
 * passwords get the same answer after the same bcrypt work.
 */
export async function login(
  ctx: AccountsContext,
  input: { login: string; password: string; code?: string | undefined },
  client: ClientInfo & { ip: string },
): Promise<TokenPair & { user: UserRow }> {
  await ctx.limits.consume('loginPerIp', client.ip);
  const user = ctx.users.byLogin(input.login);
  const accountKey = user?.id ?? input.login.toLowerCase();
  const pairKey = `${accountKey}|${client.ip}`;
  await ctx.limits.assertNotBlocked('loginFailuresPerAccountAndIp', pairKey);
  await ctx.limits.assertNotBlocked('loginFailuresPerAccount', accountKey);

  if (!(await ctx.passwords.verify(input.password, user?.password_hash)) || !user) {
    await ctx.limits.fail('loginFailuresPerAccountAndIp', pairKey);
    await ctx.limits.fail('loginFailuresPerAccount', accountKey);
    throw unauthorized('Wrong login or password', ErrorCode.invalidCredentials);
  }
  if (user.deactivated_at !== null) throw forbidden('This account has been deactivated', ErrorCode.accountDeactivated);
  if (ctx.config.requireEmailVerification && user.email_verified_at === null) {
    throw forbidden('Verify your email address first', ErrorCode.emailNotVerified);
  }
  await ctx.mfa.check(user, input.code);
  await ctx.limits.reset('loginFailuresPerAccountAndIp', pairKey);
  const { sessionId: _sessionId, ...pair } = ctx.sessions.start(user.id, client);
  return { ...pair, user };
}
