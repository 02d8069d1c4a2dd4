import { z } from 'zod';
import { Id, PageQuery, Timestamp, paged } from './common.js';

const utf8 = new TextEncoder();

/** Usernames: 3–32 of [a-z0-9_.-]; input is lower-cased so uniqueness is case-insensitive. */
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(32)
  .regex(/^[a-z0-9_.-]+$/, 'Use only letters, digits, "_", "." and "-"');

/** Email addresses as RFC 5321 allows them to be delivered (max 254 chars). */
export const Email = z.string().trim().max(254).pipe(z.email());

/** bcrypt reads at most 72 bytes: longer passwords are refused, never silently truncated. */
export const Password = z
  .string()
  .min(8, 'At least 8 characters')
  .refine((p) => utf8.encode(p).length <= 72, 'At most 72 bytes in UTF-8');

/** A password being checked (login, confirmation): bounded, but no policy. */
export const PasswordAttempt = z.string().min(1).max(1024);

/** A one-time token from a mail link. */
export const MailToken = z.string().min(16).max(256);

/** Six-digit TOTP code or a recovery code (xxxxx-xxxxx). */
export const MfaCode = z.string().trim().min(6).max(32);

export const RegisterBody = z.strictObject({ username: Username, email: Email, password: Password });

export const SelfUser = z.object({
  id: Id,
  username: z.string(),
  email: z.string(),
  displayName: z.string().nullable(),
  bio: z.string().nullable(),
  avatarId: z.string().nullable(),
  emailVerified: z.boolean(),
  mfaEnabled: z.boolean(),
  isAdmin: z.boolean(),
  createdAt: Timestamp,
});
export type SelfUser = z.infer<typeof SelfUser>;

export const PublicUser = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string().nullable(),
  bio: z.string().nullable(),
  avatarId: z.string().nullable(),
  createdAt: Timestamp,
});
export type PublicUser = z.infer<typeof PublicUser>;

export const SelfUserResponse = z.object({ user: SelfUser });
export const PublicUserResponse = z.object({ user: PublicUser });

export const VerifyEmailBody = z.strictObject({ token: MailToken });
export const ResendVerificationBody = z.strictObject({ email: Email });

export const LoginBody = z.strictObject({
  login: z.string().trim().min(1).max(254).describe('Username or email'),
  password: PasswordAttempt,
  code: MfaCode.optional().describe('TOTP or recovery code, required when MFA is on'),
});

export const TokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int().describe('Access token lifetime in seconds'),
});
export const LoginResponse = TokenPair.extend({ user: SelfUser });

export const RefreshBody = z.strictObject({ refreshToken: z.string().min(16).max(256) });

export const SessionItem = z.object({
  id: Id,
  createdAt: Timestamp,
  lastUsedAt: Timestamp,
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
});
export const SessionList = z.object({ items: z.array(SessionItem) });

export const ChangePasswordBody = z.strictObject({ currentPassword: PasswordAttempt, newPassword: Password });
export const PasswordResetRequestBody = z.strictObject({ email: Email });
export const PasswordResetConfirmBody = z.strictObject({ token: MailToken, password: Password });
export const ChangeEmailBody = z.strictObject({ email: Email, password: PasswordAttempt });

export const UpdateProfileBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(64).nullable().optional(),
    bio: z.string().trim().max(500).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to update');

export const DeactivateBody = z.strictObject({ password: PasswordAttempt });

export const UserSearchQuery = PageQuery.extend({ q: z.string().trim().min(1).max(64) });
export const UserSearchResponse = paged(PublicUser);

export const MfaSetupResponse = z.object({ secret: z.string(), otpauthUri: z.string() });
export const MfaEnableBody = z.strictObject({ code: MfaCode });
export const MfaEnableResponse = z.object({ recoveryCodes: z.array(z.string()) });
export const MfaDisableBody = z.strictObject({ password: PasswordAttempt, code: MfaCode });

export const Accepted = z.object({ status: z.literal('accepted') });
export const Ok = z.object({ status: z.literal('ok') });
