import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { LOAD_DEFER_MS, UNLOAD_COMPACT_UPDATES } from './sync/defaults.js';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
// Digits only: z.coerce would read '' as 0 (a random port) and accept '1e3' or '0x50'.
const port = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a whole number from 0 to 65535')
  .transform(Number)
  .pipe(z.number().max(65535, 'must be a whole number from 0 to 65535'));
const seconds = z.coerce.number().int().min(1);

/** Every environment variable the server reads, with its default. The README table mirrors this. */
const EnvSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z.url().optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL: seconds.max(3600).default(900),
  REFRESH_TOKEN_TTL: seconds.default(30 * 24 * 3600),
  REQUIRE_EMAIL_VERIFICATION: bool.default(true),
  BCRYPT_COST: z.coerce.number().int().min(10).max(15).default(12),
  MAILGUN_API_KEY: z.string().min(1).optional(),
  MAILGUN_DOMAIN: z.string().min(1).optional(),
  MAILGUN_URL: z.url().optional(),
  MAIL_FROM: z.string().min(3).optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  SYNC_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  SYNC_ROOM_IDLE_SECONDS: seconds.default(60),
  SYNC_UNLOAD_COMPACT_UPDATES: z.coerce.number().int().min(1).default(UNLOAD_COMPACT_UPDATES),
  SYNC_LOAD_DEFER_MS: z.coerce.number().int().min(0).max(60_000).default(LOAD_DEFER_MS),
  /** Comma-separated browser origins allowed on /sync (`*` any); default: PUBLIC_URL's origin. */
  SYNC_ALLOWED_ORIGINS: z.string().optional(),
  SYNC_RATE_MESSAGES: z.coerce.number().int().min(1).default(500),
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
  SYNC_RATE_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 * 1024),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  AVATAR_MAX_BYTES: z.coerce.number().int().min(1024).default(10 * 1024 * 1024),
  /** Images with more pixels are not decoded (decompression bombs): no thumbnail, no avatar. */
  IMAGE_MAX_PIXELS: z.coerce.number().int().min(1).default(50_000_000),
  /** Missed-message mail only to users without a socket and unseen for this long. */
  MISSED_MAIL_OFFLINE_MINUTES: z.coerce.number().int().min(0).default(15),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string;
  jwtSecret: string;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  requireEmailVerification: boolean;
  bcryptCost: number;
  mail: { from: string; mailgun?: { apiKey: string; domain: string; url?: string } };
  bodyLimitBytes: number;
  trustProxy: boolean;
  logLevel: string;
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** Bearer token for /metrics; unset: loopback clients only. */
  metricsToken: string | undefined;
  /** Sync: largest websocket frame / Yjs update accepted (4413 above it). */
  syncMaxMessageBytes: number;
  /** Sync: how long a room without sockets stays in memory. */
  syncRoomIdleMs: number;
  /** Sync: an idle room leaving memory is compacted when at least this many updates follow its snapshot. */
  syncUnloadCompactUpdates: number;
  /** Sync: how long a room that answered a new device from its stored snapshot may put off loading. */
  syncLoadDeferMs: number;
  /** Sync: browser origins allowed to open sockets (`*` any); requests without Origin always pass. */
  syncAllowedOrigins: string[];
  /** Sync: per-connection messages per second (bursts of twice that), then 4429. */
  syncRateMessages: number;
  /** Sync: per-connection bytes per second (bursts of twice that), then 4429. */
  syncRateBytes: number;
  /** Largest attachment accepted by POST /attachments (413 above it). */
  attachmentMaxBytes: number;
  /** Largest avatar upload (413 above it). */
  avatarMaxBytes: number;
  /** Largest image (width × height) decoded for thumbnails and avatars. */
  imageMaxPixels: number;
  /** How long a user must have been away (no socket, no authenticated request) before missed messages are mailed. */
  missedMailOfflineMs: number;
  /** Sync: how often live sockets' sessions are checked again (expired sessions → 4401). */
  syncSessionCheckMs: number;
  /** Multiplies every rate limit's allowance; only tests raise it. */
  rateLimitScale: number;
  /** Base delay of mail retries in ms (doubles per attempt). */
  mailRetryBaseMs: number;
}

/** Thrown for a bad environment; the message names the variable. */
export class ConfigError extends Error {}

/** Reads and validates the environment; creates DATA_DIR and the persisted JWT secret when needed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.MAILGUN_API_KEY && !e.MAILGUN_DOMAIN) {
    throw new ConfigError('Invalid configuration:\n  MAILGUN_DOMAIN: required when MAILGUN_API_KEY is set');
  }
  const dataDir = resolve(e.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const mailgun = e.MAILGUN_API_KEY
    ? { apiKey: e.MAILGUN_API_KEY, domain: e.MAILGUN_DOMAIN as string, ...(e.MAILGUN_URL ? { url: e.MAILGUN_URL } : {}) }
    : undefined;
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    publicUrl,
    jwtSecret: e.JWT_SECRET ?? persistedSecret(dataDir),
    accessTokenTtl: e.ACCESS_TOKEN_TTL,
    refreshTokenTtl: e.REFRESH_TOKEN_TTL,
    requireEmailVerification: e.REQUIRE_EMAIL_VERIFICATION,
    bcryptCost: e.BCRYPT_COST,
    mail: { from: e.MAIL_FROM ?? `Parley <no-reply@${e.MAILGUN_DOMAIN ?? 'parley.localhost'}>`, ...(mailgun ? { mailgun } : {}) },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    metricsToken: e.METRICS_TOKEN,
    syncMaxMessageBytes: e.SYNC_MAX_MESSAGE_BYTES,
    syncRoomIdleMs: e.SYNC_ROOM_IDLE_SECONDS * 1000,
    syncUnloadCompactUpdates: e.SYNC_UNLOAD_COMPACT_UPDATES,
    syncLoadDeferMs: e.SYNC_LOAD_DEFER_MS,
    syncAllowedOrigins: e.SYNC_ALLOWED_ORIGINS
      ? e.SYNC_ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean)
      : [new URL(publicUrl).origin],
    syncRateMessages: e.SYNC_RATE_MESSAGES,
    syncRateBytes: e.SYNC_RATE_BYTES,
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    avatarMaxBytes: e.AVATAR_MAX_BYTES,
    imageMaxPixels: e.IMAGE_MAX_PIXELS,
    missedMailOfflineMs: e.MISSED_MAIL_OFFLINE_MINUTES * 60_000,
    syncSessionCheckMs: 30_000,
    rateLimitScale: 1,
    mailRetryBaseMs: 30_000,
  };
}

/** A secret generated on first start and kept (mode 0600) so tokens survive restarts. */
function persistedSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
