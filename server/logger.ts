import { pino, type Logger } from 'pino';

export type { Logger };

/** Anything that could hold a credential is redacted wherever it appears in a log line. */
const REDACT = [
  'password', '*.password', 'currentPassword', '*.currentPassword', 'newPassword', '*.newPassword',
  'token', '*.token', 'accessToken', '*.accessToken', 'refreshToken', '*.refreshToken',
  'code', '*.code', 'secret', '*.secret', 'recoveryCodes', '*.recoveryCodes',
  'req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie',
];

/** The process logger: JSON lines on stdout, secrets redacted. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'parley' } });
}

/** Query strings may carry tokens (websocket URLs do): log the path and only the parameter names. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const names = [...new URLSearchParams(url.slice(q + 1)).keys()];
  return `${url.slice(0, q)}?${names.map((n) => `${n}=[redacted]`).join('&')}`;
}
