import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { deleteMessage, editMessage, listMessages, markRead, sendMessage } from '../../shared/doc/index.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { connectAs, synced, until } from '../helpers/sync.js';

/** The admin CLI in a child process (tsx) on the DATA_DIR of a running server. */
let s: TestServer;
let alice: TestUser;
let bob: TestUser;
let direct: string;
let group: string;
let provider: WebsocketProvider;
const ids = {} as Record<'hello' | 'reply' | 'oops', string>;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
const cli = (...args: string[]) =>
  new Promise<Run>((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/admin/cli.ts', ...args], { env: { ...process.env, DATA_DIR: s.dataDir } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
const call = (method: string, path: string, user?: TestUser, body?: unknown) => callAs(s, method, path, user, body);
/** Makes everything the server acknowledged durable and indexed, as a quiet server would be. */
const settle = () => {
  s.sync.flush();
  s.messaging.indexer.flush();
};

beforeAll(async () => {
  s = await startTestServer();
  [alice, bob] = [await s.signUp('alice'), await s.signUp('bob')];
  await befriendUsers(s, alice, bob);
  direct = (await call('POST', '/conversations/direct', alice, { username: 'bob' })).body.id;
  group = (await call('POST', '/groups', alice, { name: 'Weekend trip', members: ['bob'] })).body.id;
  ids.hello = (await call('POST', `/conversations/${direct}/messages`, alice, { text: 'hello from REST' })).body.message.id;
  provider = connectAs(s, direct, bob);
  await synced(provider);
  await until(() => listMessages(provider.doc).length === 1);
  const doc = provider.doc;
  ids.reply = sendMessage(doc, { author: bob.id, text: 'hi from sync, typo', replyTo: ids.hello }).id;
  editMessage(doc, { messageId: ids.reply, userId: bob.id, text: 'hi from sync' });
  ids.oops = sendMessage(doc, { author: bob.id, text: 'wrong chat' }).id;
  deleteMessage(doc, { messageId: ids.oops, userId: bob.id });
  markRead(doc, { userId: bob.id, messageId: ids.hello });
  await until(() => (s.db.prepare('SELECT count(*) FROM doc_updates WHERE conversation_id = ?').pluck().get(direct) as number) >= 6);
  await call('POST', `/conversations/${group}/messages`, bob, { text: 'who brings the tent?' });
  settle();
}, 60_000);

afterAll(async () => {
  provider?.destroy();
  await s.stop();
});

describe('admin CLI on conversations', () => {
  it('documents every command in --help and refuses unknown ones', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const command of ['conversations', 'show <id>', 'export <id> [file]', 'verify', 'backup <file>']) expect(help.stderr).toContain(command);
    expect((await cli('frobnicate')).code).toBe(64);
  });

  it('lists conversations with their stats', async () => {
    const r = await cli('conversations');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe('2 conversation(s)');
    const directLine = lines.find((l) => l.startsWith(direct))!.split('\t');
    expect(directLine.slice(1, 5)).toEqual(['direct', 'alice & bob', '2 members', '3 messages']);
    const rows = s.db.prepare('SELECT count(*) FROM doc_updates WHERE conversation_id = ?').pluck().get(direct);
    expect(directLine[6]).toBe(`${rows} updates since compaction`);
    expect(lines.find((l) => l.startsWith(group))).toContain('Weekend trip');
    expect((await cli('conversations', 'weekend')).stdout.trim().split('\n')).toHaveLength(2);
  });

  it('shows a conversation as a transcript: authors, edits, deletions, replies, receipts, system events', async () => {
    const r = await cli('show', direct);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('Direct conversation alice & bob');
    expect(out).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}alice: hello from REST$/m);
    expect(out).toMatch(/bob: hi from sync\n\s+↪ in reply to alice “hello from REST”\n\s+edited .*, stored text “hi from sync, typo”/);
    expect(out).toMatch(/bob: \[deleted\]\n\s+deleted .*, stored text “wrong chat”/);
    expect(out).toMatch(/Receipts:\n\s+bob \(.+\): read up to “hello from REST”/);
    expect((await cli('show', group)).stdout).toMatch(/\* alice created the group “Weekend trip”/);
  });

  it('records CLI reads in the audit log, where members see them', async () => {
    const reads = await call('GET', `/conversations/${direct}/admin-reads`, bob);
    expect(reads.body.items[0]).toMatchObject({ adminId: null, adminUsername: null, what: 'messages' });
  });

  it('refuses missing, malformed and unknown ids with exit code 64', async () => {
    for (const args of [['show'], ['show', 'nope'], ['show', '00000000-0000-4000-8000-000000000000'], ['export', 'nope']]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.stderr).toMatch(/^error: /);
    }
  });

  it('exports JSON to stdout or a file; its stored rows rebuild the document', async () => {
    const out = await cli('export', direct);
    expect(out.code).toBe(0);
    const exported = JSON.parse(out.stdout);
    expect(exported).toMatchObject({ format: 'parley.conversation.v1', conversation: { id: direct, kind: 'direct' } });
    expect(exported.messages.map((m: any) => m.id)).toEqual([ids.hello, ids.reply, ids.oops]);
    expect(exported.messages[2]).toMatchObject({ deleted: true, text: null, originalText: 'wrong chat' });
    const doc = new Y.Doc();
    for (const u of exported.stored.updates) Y.applyUpdate(doc, Buffer.from(u.base64, 'base64'));
    expect(listMessages(doc).map((m) => m.text)).toEqual(['hello from REST', 'hi from sync', '']);

    const file = join(s.dataDir, 'export.json');
    const written = await cli('export', direct, file);
    expect(written.stdout).toContain(`3 messages and ${exported.stored.updates.length} stored rows`);
    const fromFile = JSON.parse(readFileSync(file, 'utf8'));
    expect({ ...fromFile, exportedAt: null }).toEqual({ ...exported, exportedAt: null });
  });
});

describe('verify', () => {
  it('passes on healthy storage, compacted or not', async () => {
    const r = await cli('verify');
    expect(r.stdout).toMatch(/^ok: \d+ document\(s\) verified$/m);
    expect(r.stdout).not.toContain('problem');
    expect(r.code).toBe(0);
    await s.sync.compact(group);
    expect((await cli('verify')).code).toBe(0);
  });

  it('detects a corrupted journal row', async () => {
    const row = s.db.prepare('SELECT seq, "update" AS u FROM doc_updates WHERE conversation_id = ? ORDER BY seq LIMIT 1 OFFSET 2').get(direct) as { seq: number; u: Buffer };
    const write = s.db.prepare('UPDATE doc_updates SET "update" = ? WHERE conversation_id = ? AND seq = ?');
    write.run(row.u.subarray(0, Math.floor(row.u.length / 2)), direct, row.seq);
    try {
      const r = await cli('verify');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`problem: ${direct}: update seq ${row.seq} does not decode`);
      expect(r.stdout).toMatch(/^\d+ problem\(s\) in \d+ document\(s\)$/m);
    } finally {
      write.run(row.u, direct, row.seq);
    }
    expect((await cli('verify')).code).toBe(0);
  });

  it('detects a tampered index row and a tampered read position', async () => {
    const count = s.db.prepare('SELECT message_count FROM conversation_index WHERE conversation_id = ?').pluck().get(direct) as number;
    s.db.prepare('UPDATE conversation_index SET message_count = 42 WHERE conversation_id = ?').run(direct);
    s.db.prepare('UPDATE conversation_reads SET unread_count = unread_count + 7 WHERE conversation_id = ? AND user_id = ?').run(group, alice.id);
    try {
      const r = await cli('verify');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`problem: ${direct}: index differs: message count is 42, the document gives ${count}`);
      expect(r.stdout).toContain(`problem: ${group}: index differs: unread count of ${alice.id}`);
    } finally {
      s.db.prepare('UPDATE conversation_index SET message_count = ? WHERE conversation_id = ?').run(count, direct);
      s.db.prepare('UPDATE conversation_reads SET unread_count = unread_count - 7 WHERE conversation_id = ? AND user_id = ?').run(group, alice.id);
    }
    expect((await cli('verify')).code).toBe(0);
  });
});
