import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Field names that hold credentials (header names in both spellings: outgoing header objects keep their case). */
const SECRET_KEYS = [
  'password', 'currentPassword', 'newPassword', 'token', 'accessToken', 'refreshToken', 'secret', 'recoveryCodes',
  'authorization', 'Authorization', 'cookie', 'Cookie',
];

/**
 * Anything that could hold a credential is redacted wherever it appears in a log line, down to
 * four levels of nesting (e.g. `req.headers.authorization`, `ctx.request.body.password`).
 */
const REDACT = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
  // `code` is a TOTP code only inside request bodies; elsewhere (err.code) it is a useful error code.
  'body.code', '*.body.code', '*.*.body.code',
];

/** The process logger: JSON lines on stdout (or `destination`), secrets redacted. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'parley' } };
  return destination ? pino(options, destination) : pino(options);
}

/** Query strings may carry tokens (websocket URLs do): log the path and only the parameter names. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const names = [...new URLSearchParams(url.slice(q + 1)).keys()];
  // A name that is not a short identifier may itself be a credential (`?<token>`): hide it too.
  return `${url.slice(0, q)}?${names.map((n) => (/^[\w.-]{1,32}$/.test(n) ? `${n}=[redacted]` : '[redacted]')).join('&')}`;
}
