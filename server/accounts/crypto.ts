import { createHash, randomBytes } from 'node:crypto';

/** 256 bits of randomness, URL-safe: mail tokens, refresh tokens. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Tokens are stored only as their SHA-256: a leaked database holds nothing usable. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
