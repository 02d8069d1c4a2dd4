import {
  Accepted, LoginBody, LoginResponse, RefreshBody, RegisterBody, ResendVerificationBody, SelfUserResponse, TokenPair, VerifyEmailBody,
  PasswordResetConfirmBody, PasswordResetRequestBody, Ok,
} from '../../shared/api/accounts.js';
import { authOf, type Api, type Ctx } from '../http/route.js';
import type { AccountsContext } from './context.js';
import { confirmPasswordReset, requestPasswordReset } from './credentials.js';
import { login } from './login.js';
import { register, resendVerification, verifyEmail } from './registration.js';
import { selfView } from './user-view.js';

const client = (ctx: Ctx) => ({ ip: ctx.ip, userAgent: ctx.get('user-agent') || null });
const TAG = 'auth';

/** Sign-up, verification, login, token refresh, logout and password reset. */
export function authRoutes(api: Api, acc: AccountsContext): void {
  api.route(
    { method: 'post', path: '/auth/register', tag: TAG, summary: 'Create an account; mails a verification link', auth: false, body: RegisterBody, status: 201, response: SelfUserResponse, errors: [409, 429] },
    async (ctx, { body }) => ({ user: selfView(await register(acc, body, ctx.ip)) }),
  );
  api.route(
    { method: 'post', path: '/auth/verify-email', tag: TAG, summary: 'Confirm an address with the token from the mail', auth: false, body: VerifyEmailBody, status: 200, response: Ok, errors: [409, 429] },
    async (ctx, { body }) => {
      await verifyEmail(acc, body.token, ctx.ip);
      return { status: 'ok' as const };
    },
  );
  api.route(
    { method: 'post', path: '/auth/verify-email/resend', tag: TAG, summary: 'Mail a new verification link (same answer for unknown addresses)', auth: false, body: ResendVerificationBody, status: 202, response: Accepted, errors: [429] },
    async (ctx, { body }) => {
      await resendVerification(acc, body.email, ctx.ip);
      return { status: 'accepted' as const };
    },
  );
  api.route(
    { method: 'post', path: '/auth/login', tag: TAG, summary: 'Log in with username or email (and a TOTP code when MFA is on)', auth: false, body: LoginBody, status: 200, response: LoginResponse, errors: [401, 403, 429] },
    async (ctx, { body }) => {
      const { user, ...tokens } = await login(acc, body, client(ctx));
      return { ...tokens, user: selfView(user) };
    },
  );
  api.route(
    { method: 'post', path: '/auth/refresh', tag: TAG, summary: 'Exchange a refresh token for new tokens (rotated; reuse ends the session)', auth: false, body: RefreshBody, status: 200, response: TokenPair, errors: [401] },
    (_ctx, { body }) => acc.sessions.refresh(body.refreshToken),
  );
  api.route(
    { method: 'post', path: '/auth/logout', tag: TAG, summary: 'End this session: its tokens stop working and its sockets close', auth: true, status: 204 },
    (ctx) => acc.sessions.revoke(authOf(ctx).sessionId, 'logout'),
  );
  api.route(
    { method: 'post', path: '/auth/password-reset', tag: TAG, summary: 'Mail a password reset link (same answer for unknown addresses)', auth: false, body: PasswordResetRequestBody, status: 202, response: Accepted, errors: [429] },
    async (ctx, { body }) => {
      await requestPasswordReset(acc, body.email, ctx.ip);
      return { status: 'accepted' as const };
    },
  );
  api.route(
    { method: 'post', path: '/auth/password-reset/confirm', tag: TAG, summary: 'Set a new password with the token from the mail; ends every session', auth: false, body: PasswordResetConfirmBody, status: 204, errors: [429] },
    async (ctx, { body }) => confirmPasswordReset(acc, body.token, body.password, ctx.ip),
  );
}
