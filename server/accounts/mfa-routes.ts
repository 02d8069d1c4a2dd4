import { MfaDisableBody, MfaEnableBody, MfaEnableResponse, MfaSetupResponse } from '../../shared/api/accounts.js';
import { ErrorCode } from '../../shared/api/errors.js';
import { badRequest } from '../http/errors.js';
import type { Api } from '../http/route.js';
import type { AccountsContext } from './context.js';
import { confirmPassword } from './credentials.js';
import { currentUser } from './current-user.js';

const TAG = 'mfa';

/** TOTP enrolment: setup → enable with a code (returns recovery codes) → disable with password and code. */
export function mfaRoutes(api: Api, acc: AccountsContext): void {
  api.route(
    { method: 'post', path: '/users/me/mfa/setup', tag: TAG, summary: 'Start TOTP enrolment: a secret and otpauth:// URI for an authenticator app', auth: true, status: 200, response: MfaSetupResponse, errors: [409] },
    (ctx) => acc.mfa.setup(currentUser(acc, ctx)),
  );
  api.route(
    { method: 'post', path: '/users/me/mfa/enable', tag: TAG, summary: 'Turn TOTP on with a valid code; returns ten one-time recovery codes', auth: true, body: MfaEnableBody, status: 200, response: MfaEnableResponse, errors: [409, 429] },
    async (ctx, { body }) => ({ recoveryCodes: await acc.mfa.enable(currentUser(acc, ctx), body.code) }),
  );
  api.route(
    { method: 'post', path: '/users/me/mfa/disable', tag: TAG, summary: 'Turn TOTP off (needs password and a code)', auth: true, body: MfaDisableBody, status: 204, errors: [403, 429] },
    async (ctx, { body }) => {
      const user = currentUser(acc, ctx);
      if (!user.mfa_secret) throw badRequest('Two-factor authentication is not on', undefined, 'mfa_not_enabled');
      await confirmPassword(acc, user, body.password);
      await acc.mfa.check(user, body.code).catch((err: { code?: string }) => {
        throw err.code === ErrorCode.invalidMfaCode ? badRequest('That code is not valid', undefined, ErrorCode.invalidMfaCode) : err;
      });
      acc.mfa.disable(user.id);
    },
  );
}
