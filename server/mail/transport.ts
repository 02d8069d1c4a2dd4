/**
 * Where mail physically goes: Mailgun in production, or one JSON file per mail in
 * DATA_DIR/outbox/ when no provider is configured (development and tests read those files).
 * Transports only deliver; queueing and retries live in the Mailer.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import FormData from 'form-data';
import Mailgun from 'mailgun.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/** One addressed mail. Bodies may hold secret tokens: never log them. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Delivers one mail or rejects; the caller decides about retries. */
export interface MailTransport {
  name: string;
  deliver(msg: MailMessage): Promise<void>;
}

/** The folder under DATA_DIR that OutboxTransport writes to. */
export const OUTBOX_DIR = 'outbox';

/** Writes each mail as `DATA_DIR/outbox/<ms>-<seq>-<uuid>.json` holding exactly `{to, subject, text, html}`. */
export class OutboxTransport implements MailTransport {
  readonly name = 'outbox';
  readonly dir: string;
  // Orders files written within the same millisecond by this process.
  private seq = 0;

  constructor(dataDir: string, private readonly log: Logger) {
    this.dir = join(dataDir, OUTBOX_DIR);
  }

  async deliver(msg: MailMessage): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.seq = (this.seq + 1) % 1_000_000;
    const name = `${String(Date.now()).padStart(13, '0')}-${String(this.seq).padStart(6, '0')}-${randomUUID()}.json`;
    const file = join(this.dir, name);
    // A dot-file temp name in the same folder: readers listing *.json never see a half-written
    // mail, and rename within one filesystem is atomic.
    const tmp = join(this.dir, `.${name}.tmp`);
    const { to, subject, text, html } = msg;
    try {
      // 0600: the bodies hold verification and reset tokens.
      await writeFile(tmp, JSON.stringify({ to, subject, text, html }, null, 2) + '\n', { mode: 0o600 });
      await rename(tmp, file);
    } catch (err) {
      await unlink(tmp).catch(() => {});
      throw err;
    }
    this.log.info({ to, subject, file }, 'mail written to outbox');
  }
}

/** Settings for MailgunTransport; `url` overrides the API base (EU region, or a local stand-in in tests). */
export interface MailgunSettings {
  apiKey: string;
  domain: string;
  url?: string;
  from: string;
  /** Request timeout in ms (default 15 s), so a hung provider cannot stall the queue forever. */
  timeoutMs?: number;
}

/** Sends through the Mailgun HTTP API with the official mailgun.js client. */
export class MailgunTransport implements MailTransport {
  readonly name = 'mailgun';
  private readonly client: ReturnType<Mailgun['client']>;

  constructor(private readonly settings: MailgunSettings, private readonly log?: Logger) {
    this.client = new Mailgun(FormData).client({
      username: 'api',
      key: settings.apiKey,
      timeout: settings.timeoutMs ?? 15_000,
      ...(settings.url ? { url: settings.url } : {}),
    });
  }

  async deliver(msg: MailMessage): Promise<void> {
    const { from, domain } = this.settings;
    const result = await this.client.messages.create(domain, { from, to: msg.to, subject: msg.subject, text: msg.text, html: msg.html });
    this.log?.info({ to: msg.to, subject: msg.subject, providerId: result.id }, 'mail sent via mailgun');
  }
}

/** Mailgun when MAILGUN_API_KEY is configured, else the DATA_DIR/outbox/ folder. */
export function createTransport(config: Config, log: Logger): MailTransport {
  const { mailgun, from } = config.mail;
  if (mailgun) return new MailgunTransport({ ...mailgun, from }, log);
  return new OutboxTransport(config.dataDir, log);
}
