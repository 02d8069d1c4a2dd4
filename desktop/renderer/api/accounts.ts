import type { z } from 'zod';
import {
  Accepted,
  LoginResponse,
  MfaEnableResponse,
  MfaSetupResponse,
  Ok,
  PublicUserResponse,
  SelfUserResponse,
  SessionList,
  UserSearchResponse,
  type ChangeEmailBody,
  type ChangePasswordBody,
  type LoginBody,
  type RegisterBody,
  type UpdateProfileBody,
} from '../../../shared/api/accounts.js';
import type { ApiClient } from './client.js';

/** Account calls of the REST API (`shared/api/accounts.ts` types every body and answer). */
export function accountsApi(api: ApiClient) {
  return {
    register: (body: z.input<typeof RegisterBody>) => api.anonymous('POST', '/auth/register', { body, schema: SelfUserResponse }),
    verifyEmail: (token: string) => api.anonymous('POST', '/auth/verify-email', { body: { token }, schema: Ok }),
    resendVerification: (email: string) => api.anonymous('POST', '/auth/verify-email/resend', { body: { email }, schema: Accepted }),
    login: (body: z.input<typeof LoginBody>) => api.anonymous('POST', '/auth/login', { body, schema: LoginResponse }),
    /** Ends the session on the server (its tokens and sockets stop working). */
    logout: () => api.call('POST', '/auth/logout'),
    me: async () => (await api.get('/users/me', SelfUserResponse)).user,
    updateProfile: async (body: z.input<typeof UpdateProfileBody>) => (await api.call('PATCH', '/users/me', { body, schema: SelfUserResponse })).user,
    user: async (id: string) => (await api.get(`/users/${encodeURIComponent(id)}`, PublicUserResponse)).user,
    searchUsers: (q: string, page = 1) => api.get(`/users/search?${new URLSearchParams({ q, page: String(page), size: '20' })}`, UserSearchResponse),
    sessions: async () => (await api.get('/users/me/sessions', SessionList)).items,
    /** Ends one of your sessions (another device); its tokens and sockets stop working. */
    revokeSession: (sessionId: string) => api.call('DELETE', `/users/me/sessions/${encodeURIComponent(sessionId)}`),
    /** Changes the password; the server ends every other session of the account. */
    changePassword: (body: z.input<typeof ChangePasswordBody>) => api.call('POST', '/users/me/password', { body }),
    /** Asks to move the account to a new address; it changes once the link mailed there is opened. */
    changeEmail: (body: z.input<typeof ChangeEmailBody>) => api.call('POST', '/users/me/email', { body, schema: Accepted }),
    /** Deactivates the account (needs the password); every session ends. */
    deactivate: (password: string) => api.call('DELETE', '/users/me', { body: { password } }),
    mfaSetup: () => api.call('POST', '/users/me/mfa/setup', { schema: MfaSetupResponse }),
    mfaEnable: (code: string) => api.call('POST', '/users/me/mfa/enable', { body: { code }, schema: MfaEnableResponse }),
    mfaDisable: (password: string, code: string) => api.call('POST', '/users/me/mfa/disable', { body: { password, code } }),
  };
}

export type AccountsApi = ReturnType<typeof accountsApi>;
