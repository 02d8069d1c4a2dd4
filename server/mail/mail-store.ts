/**
 * All SQL on `mail_queue`. A row is pending while `sent_at IS NULL`; `next_attempt_at` says
 * when to try next. Bodies are blanked once a row is finished (sent or abandoned) because
 * they hold verification and reset tokens that must not outlive their purpose on disk.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database.js';
import type { MailMessage } from './transport.js';

/** A pending mail as the worker sees it. */
export interface QueuedMail extends MailMessage {
  id: number;
  /** Failed attempts so far. */
  attempts: number;
}

/** `next_attempt_at` of an abandoned mail: never due again, still pending (sent_at NULL) for the record. */
export const NEVER = Number.MAX_SAFE_INTEGER;

interface Row {
  id: number;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  attempts: number;
}

/** Prepared statements over mail_queue; every method is synchronous (usable inside a transaction). */
export class MailStore {
  private readonly insert: Statement<[string, string, string, string, number, number]>;
  private readonly selectDue: Statement<[number, number], Row>;
  private readonly updateSent: Statement<[number, number]>;
  private readonly updateFailed: Statement<[number, number, string, number]>;
  private readonly updateAbandoned: Statement<[number, number, string, number]>;
  private readonly selectNextDue: Statement<[number], { next: number | null }>;

  constructor(db: Db) {
    this.insert = db.prepare(`INSERT INTO mail_queue (recipient, subject, text, html, created_at, next_attempt_at)
      VALUES (?, ?, ?, ?, ?, ?)`);
    this.selectDue = db.prepare(`SELECT id, recipient, subject, text, html, attempts FROM mail_queue
      WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`);
    this.updateSent = db.prepare(`UPDATE mail_queue SET sent_at = ?, text = '', html = '', last_error = NULL WHERE id = ?`);
    this.updateFailed = db.prepare(`UPDATE mail_queue SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?`);
    this.updateAbandoned = db.prepare(`UPDATE mail_queue SET attempts = ?, next_attempt_at = ?, last_error = ?, text = '', html = '' WHERE id = ?`);
    this.selectNextDue = db.prepare(`SELECT MIN(next_attempt_at) AS next FROM mail_queue WHERE sent_at IS NULL AND next_attempt_at < ?`);
  }

  /** Queues a mail, due at `now`; returns its id. */
  enqueue(msg: MailMessage, now: number): number {
    return Number(this.insert.run(msg.to, msg.subject, msg.text, msg.html, now, now).lastInsertRowid);
  }

  /** Up to `limit` pending mails due at `now`, oldest due first. */
  due(now: number, limit: number): QueuedMail[] {
    return this.selectDue.all(now, limit).map((r) => ({
      id: r.id, to: r.recipient, subject: r.subject, text: r.text, html: r.html, attempts: r.attempts,
    }));
  }

  /** Records delivery and blanks the bodies. */
  markSent(id: number, now: number): void {
    this.updateSent.run(now, id);
  }

  /** Records a failed attempt: the new attempt count and when to try again. */
  markFailed(id: number, attempts: number, nextAttemptAt: number, error: string): void {
    this.updateFailed.run(attempts, nextAttemptAt, error, id);
  }

  /** Gives up on a mail: never due again, bodies blanked, the last error kept for inspection. */
  markAbandoned(id: number, attempts: number, error: string): void {
    this.updateAbandoned.run(attempts, NEVER, error, id);
  }

  /** When the earliest pending mail is due (ms epoch), or null when nothing is pending. */
  nextDueAt(): number | null {
    return this.selectNextDue.get(NEVER)?.next ?? null;
  }
}
