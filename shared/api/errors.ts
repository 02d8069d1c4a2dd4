import { z } from 'zod';

/** Every error the REST API answers with has this shape (the contract). */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, e.g. "validation_failed"'),
    message: z.string().describe('Human-readable explanation'),
    details: z.unknown().optional().describe('Structured details, e.g. the fields that failed validation'),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Error codes clients can rely on. */
export const ErrorCode = {
  badRequest: 'bad_request',
  validationFailed: 'validation_failed',
  malformedJson: 'malformed_json',
  unsupportedMediaType: 'unsupported_media_type',
  payloadTooLarge: 'payload_too_large',
  unauthorized: 'unauthorized',
  invalidCredentials: 'invalid_credentials',
  invalidToken: 'invalid_token',
  tokenExpired: 'token_expired',
  sessionRevoked: 'session_revoked',
  mfaRequired: 'mfa_required',
  invalidMfaCode: 'invalid_mfa_code',
  emailNotVerified: 'email_not_verified',
  accountDeactivated: 'account_deactivated',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  usernameTaken: 'username_taken',
  emailTaken: 'email_taken',
  rateLimited: 'rate_limited',
  internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
