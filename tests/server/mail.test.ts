import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openDatabase, type Db } from '../../server/db/database.js';
import type { Logger } from '../../server/logger.js';
import { NEVER } from '../../server/mail/mail-store.js';
import { Mailer } from '../../server/mail/mailer.js';
import {
  emailChangeMail, emailChangedNoticeMail, passwordChangedNoticeMail, passwordResetMail, verificationMail, welcomeMail,
} from '../../server/mail/templates.js';
import { MailgunTransport, OutboxTransport, type MailMessage } from '../../server/mail/transport.js';

// ---- helpers ---------------------------------------------------------------------------

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-mail-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function openDb(dataDir: string): Db {
  const db = openDatabase(dataDir);
  cleanups.push(() => {
    db.close();
  });
  return db;
}

/** A real pino logger whose lines we keep, to check what gets logged (and what never does). */
function captureLogger(): { log: Logger; lines: () => string[] } {
  const lines: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { log, lines: () => lines };
}

function mailerFor(db: Db, transport: ConstructorParameters<typeof Mailer>[1], log: Logger, retryBaseMs = 20, maxAttempts?: number): Mailer {
  const mailer = new Mailer(db, transport, log, { retryBaseMs, ...(maxAttempts ? { maxAttempts } : {}) });
  cleanups.push(() => mailer.stop());
  return mailer;
}

async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface QueueRow {
  id: number;
  recipient: string;
  text: string;
  html: string;
  attempts: number;
  next_attempt_at: number;
  sent_at: number | null;
  last_error: string | null;
}
const rows = (db: Db) => db.prepare('SELECT * FROM mail_queue ORDER BY id').all() as QueueRow[];

const outboxFiles = (dataDir: string): string[] => {
  try {
    return readdirSync(join(dataDir, 'outbox')).sort();
  } catch {
    return [];
  }
};

const TOKEN = 'abc123DEF456secret';
function sampleMail(to = 'ada@example.com'): MailMessage {
  return { to, ...verificationMail({ username: 'ada', link: `http://127.0.0.1:8080/verify-email?token=${TOKEN}` }) };
}

/** A local stand-in for the Mailgun API that records each request and answers with `status()`. */
interface Received {
  method: string;
  path: string;
  authorization: string | undefined;
  fields: Record<string, string>;
}
async function startFakeMailgun(status: (n: number) => number | 'hang'): Promise<{ url: string; received: Received[]; accepted: () => number }> {
  const received: Received[] = [];
  let accepted = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      // Parse the multipart body with the platform's own parser (undici's FormData).
      const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      const fields: Record<string, string> = {};
      form.forEach((value, key) => { fields[key] = String(value); });
      received.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, fields });
      const code = status(received.length);
      if (code === 'hang') return;
      if (code === 200) accepted++;
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(code === 200 ? { id: `<${received.length}@example.test>`, message: 'Queued. Thank you.' } : { message: 'provider unavailable' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, accepted: () => accepted };
}

// ---- templates -------------------------------------------------------------------------

describe('mail templates', () => {
  it('puts the verification token in the text verbatim', () => {
    const mail = verificationMail({ username: 'ada', link: `https://chat.example/verify-email?token=${TOKEN}` });
    expect(mail.text).toContain(`token=${TOKEN}`);
    expect(mail.html).toContain(`token=${TOKEN}`);
    expect(mail.subject).toMatch(/verify/i);
  });

  it('escapes interpolated values in HTML', () => {
    const username = '<script>alert("x")</script>';
    const mails = [
      verificationMail({ username, link: 'https://chat.example/verify-email?token=t' }),
      welcomeMail({ username, appUrl: 'https://chat.example/' }),
      passwordResetMail({ username, link: 'https://chat.example/reset-password?token=t' }),
      emailChangeMail({ username, link: 'https://chat.example/confirm-email?token=t', newEmail: '"><img src=x>@evil.test' }),
      emailChangedNoticeMail({ username, newEmail: '"><img src=x>@evil.test' }),
      passwordChangedNoticeMail({ username }),
    ];
    for (const mail of mails) {
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).not.toContain('<img');
      expect(mail.html).toContain('&#60;script&#62;');
      expect(mail.text).toContain(username); // the text part is not HTML: shown as typed
      expect(mail.subject.length).toBeGreaterThan(0);
    }
  });

  it('carries the token and the facts each mail is about', () => {
    const reset = passwordResetMail({ username: 'ada', link: 'https://chat.example/reset-password?token=r1' });
    expect(reset.text).toContain('token=r1');
    expect(reset.text).toMatch(/1 hour/);
    const change = emailChangeMail({ username: 'ada', link: 'https://chat.example/confirm-email?token=c1', newEmail: 'new@example.com' });
    expect(change.text).toContain('token=c1');
    expect(change.text).toContain('new@example.com');
    expect(emailChangedNoticeMail({ username: 'ada', newEmail: 'new@example.com' }).text).toContain('new@example.com');
    expect(welcomeMail({ username: 'ada', appUrl: 'https://chat.example/' }).html).toContain('href="https://chat.example/"');
  });

  it('refuses non-http links', () => {
    expect(() => verificationMail({ username: 'ada', link: 'javascript:alert(1)' })).toThrow();
  });
});

// ---- outbox ----------------------------------------------------------------------------

describe('Mailer with the outbox transport', () => {
  it('writes one JSON file per mail and clears the queued bodies once sent', async () => {
    const dataDir = tempDataDir();
    const db = openDb(dataDir);
    const { log, lines } = captureLogger();
    const mailer = mailerFor(db, new OutboxTransport(dataDir, log), log);
    mailer.start();

    const mail = sampleMail();
    mailer.send(mail);

    const [file] = await waitFor(() => outboxFiles(dataDir).filter((f) => f.endsWith('.json')).length === 1 && outboxFiles(dataDir), 'the outbox file');
    expect(outboxFiles(dataDir)).toHaveLength(1); // no temp file left behind
    const written = JSON.parse(readFileSync(join(dataDir, 'outbox', file as string), 'utf8')) as unknown;
    expect(written).toEqual({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });

    const [row] = await waitFor(() => rows(db)[0]?.sent_at != null && rows(db), 'the row to be marked sent');
    expect(row).toMatchObject({ recipient: mail.to, text: '', html: '', attempts: 0 });
    expect(lines().some((l) => l.includes('ada@example.com') && l.includes(mail.subject))).toBe(true);
    expect(lines().join('\n')).not.toContain(TOKEN);
  });

  it('names files so that they sort in sending order', async () => {
    const dataDir = tempDataDir();
    const db = openDb(dataDir);
    const { log } = captureLogger();
    const mailer = mailerFor(db, new OutboxTransport(dataDir, log), log);
    for (const to of ['a@example.com', 'b@example.com', 'c@example.com']) mailer.send(sampleMail(to));
    await mailer.flush();
    const recipients = outboxFiles(dataDir).map((f) => (JSON.parse(readFileSync(join(dataDir, 'outbox', f), 'utf8')) as MailMessage).to);
    expect(recipients).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('enqueues inside the caller\'s transaction: a rollback sends nothing', async () => {
    const dataDir = tempDataDir();
    const db = openDb(dataDir);
    const { log } = captureLogger();
    const mailer = mailerFor(db, new OutboxTransport(dataDir, log), log);

    expect(() => db.transaction(() => {
      mailer.send(sampleMail('rolled-back@example.com'));
      throw new Error('abort');
    })()).toThrow('abort');
    db.transaction(() => mailer.send(sampleMail('committed@example.com')))();

    await waitFor(() => rows(db).every((r) => r.sent_at != null) && rows(db).length === 1, 'the committed mail');
    await mailer.flush();
    const files = outboxFiles(dataDir);
    expect(files).toHaveLength(1);
    expect(readFileSync(join(dataDir, 'outbox', files[0] as string), 'utf8')).toContain('committed@example.com');
  });

  it('start() delivers mail left pending by a previous process', async () => {
    const dataDir = tempDataDir();
    const db = openDb(dataDir);
    const { log } = captureLogger();
    const previous = mailerFor(db, new OutboxTransport(dataDir, log), log);
    await previous.stop();
    previous.send(sampleMail('left-over@example.com')); // queued, but nobody delivers it
    await new Promise((r) => setImmediate(r));
    expect(rows(db)[0]?.sent_at).toBeNull();

    const next = mailerFor(db, new OutboxTransport(dataDir, log), log);
    next.start();
    await waitFor(() => rows(db)[0]?.sent_at != null, 'the left-over mail');
    expect(outboxFiles(dataDir)).toHaveLength(1);
  });
});

// ---- mailgun ---------------------------------------------------------------------------

describe('MailgunTransport against a local stand-in', () => {
  it('posts the message to /v3/<domain>/messages with api:<key> basic auth', async () => {
    const fake = await startFakeMailgun(() => 200);
    const transport = new MailgunTransport({ apiKey: 'key-test-123', domain: 'mg.example.test', url: fake.url, from: 'Parley <no-reply@mg.example.test>' });
    const mail = sampleMail();

    await transport.deliver(mail);

    expect(fake.received).toHaveLength(1);
    const [req] = fake.received as [Received];
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v3/mg.example.test/messages');
    expect(req.authorization).toBe(`Basic ${Buffer.from('api:key-test-123').toString('base64')}`);
    expect(req.fields).toMatchObject({ from: 'Parley <no-reply@mg.example.test>', to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
  });

  it('retries with backoff when the provider fails, and delivers exactly once', async () => {
    const fake = await startFakeMailgun((n) => (n <= 2 ? 500 : 200));
    const dataDir = tempDataDir();
    const db = openDb(dataDir);
    const { log, lines } = captureLogger();
    const transport = new MailgunTransport({ apiKey: 'key-test-123', domain: 'mg.example.test', url: fake.url, from: 'no-reply@mg.example.test' }, log);
    const mailer = mailerFor(db, transport, log, 20);
    mailer.start();

    const mail = sampleMail();
    expect(() => mailer.send(mail)).not.toThrow();

    const [row] = await waitFor(() => rows(db)[0]?.sent_at != null && rows(db), 'delivery after retries');
    expect(row).toMatchObject({ attempts: 2, text: '', html: '', last_error: null });
    await mailer.flush();
    expect(fake.accepted()).toBe(1);
    expect(fake.received).toHaveLength(3);
    for (const req of fake.received) expect(req.fields.text).toBe(mail.text);

    const warnings = lines().filter((l) => l.includes('will retry'));
    expect(warnings).toHaveLength(2);
    expect(lines().join('\n')).not.toContain(TOKEN);
  });

  it('gives up after maxAttempts with an error log and no bodies left on disk', async () => {
    const fake = await startFakeMailgun(() => 500);
    const dataDir = tempDataDir();
    const db = openDb(dataDir);
    const { log, lines } = captureLogger();
    const transport = new MailgunTransport({ apiKey: 'k', domain: 'mg.example.test', url: fake.url, from: 'no-reply@mg.example.test' });
    const mailer = mailerFor(db, transport, log, 5, 3);

    mailer.send(sampleMail());

    await waitFor(() => lines().some((l) => l.includes('giving up')), 'the give-up log');
    expect(fake.received).toHaveLength(3);
    expect(rows(db)[0]).toMatchObject({ attempts: 3, sent_at: null, next_attempt_at: NEVER, text: '', html: '' });
    expect(rows(db)[0]?.last_error).toMatch(/500.*provider unavailable/);
    await mailer.flush();
    expect(fake.received).toHaveLength(3);
  });

  it('times out a provider that never answers', async () => {
    const fake = await startFakeMailgun(() => 'hang');
    const transport = new MailgunTransport({ apiKey: 'k', domain: 'mg.example.test', url: fake.url, from: 'no-reply@mg.example.test', timeoutMs: 200 });
    await expect(transport.deliver(sampleMail())).rejects.toThrow();
  });
});
