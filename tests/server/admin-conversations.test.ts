import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { deleteMessage, editMessage, listMessages, markRead, sendMessage } from '../../shared/doc/index.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { connectAs, synced, until } from '../helpers/sync.js';

/** Admin REST over persisted conversations: who may call it, and that it shows exactly what clients wrote. */
let s: TestServer;
let root: TestUser;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let direct: string;
let group: string;
const open: WebsocketProvider[] = [];
/** What the clients wrote, to compare the admin views with. */
const wrote: Record<string, string> = {};

const call = (method: string, path: string, user?: TestUser, body?: unknown) => callAs(s, method, path, user, body);
const admin = (path: string, method = 'GET') => call(method, `/admin${path}`, root);
const storedRows = (id: string) => s.db.prepare('SELECT count(*) FROM doc_updates WHERE conversation_id = ?').pluck().get(id) as number;
const connect = async (room: string, user: TestUser) => {
  const p = connectAs(s, room, user);
  open.push(p);
  await synced(p);
  return p;
};
const adminReadMessages = (doc: Y.Doc) => listMessages(doc).filter((m) => m.system?.type === 'conversation.admin_read');

async function upload(user: TestUser, name: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new TextEncoder().encode(`notes ${randomUUID()}`)], { type: 'text/plain' }), name);
  const res = await fetch(`${s.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${user.accessToken}` }, body: form });
  return ((await res.json()) as any).attachment.id;
}

beforeAll(async () => {
  s = await startTestServer();
  [root, alice, bob, carol] = [await s.signUp('root'), await s.signUp('alice'), await s.signUp('bob'), await s.signUp('carol')];
  s.accounts.users.setAdmin(root.id, true);
  await befriendUsers(s, alice, bob);
  await befriendUsers(s, alice, carol);
  direct = (await call('POST', '/conversations/direct', alice, { username: bob.username })).body.id;
  group = (await call('POST', '/groups', alice, { name: 'Weekend trip', members: [bob.username] })).body.id;

  // Alice writes over REST (with an attachment), Bob with a stock y-websocket client.
  const attachment = await upload(alice, 'packing-list.txt');
  const first = (await call('POST', `/conversations/${direct}/messages`, alice, { text: 'hello over REST', attachments: [attachment] })).body.message;
  wrote.first = first.id;
  const b = await connect(direct, bob);
  await until(() => listMessages(b.doc).some((m) => m.id === first.id));
  const reply = sendMessage(b.doc, { author: bob.id, text: 'hi over sync, typo', replyTo: first.id });
  editMessage(b.doc, { messageId: reply.id, userId: bob.id, text: 'hi over sync' });
  const oops = sendMessage(b.doc, { author: bob.id, text: 'wrong chat' });
  deleteMessage(b.doc, { messageId: oops.id, userId: bob.id });
  markRead(b.doc, { userId: bob.id, messageId: first.id, device: 'laptop' });
  [wrote.reply, wrote.oops] = [reply.id, oops.id];
  // Acknowledged once REST (which reads the room) sees every write.
  await until(() => storedRows(direct) >= 6);
  await call('POST', `/conversations/${group}/messages`, bob, { text: 'who brings the tent?' });
}, 60_000);

afterAll(async () => {
  open.forEach((p) => p.destroy());
  await s.stop();
});

describe('authorization', () => {
  const paths = () => [
    ['GET', '/conversations'],
    ['GET', `/conversations/${direct}`],
    ['GET', `/conversations/${direct}/updates`],
    ['GET', `/conversations/${direct}/export`],
    ['POST', `/conversations/${direct}/compact`],
  ] as const;

  it('answers 401 without credentials and 403 to non-admins (members included), and records nothing', async () => {
    for (const [method, path] of paths()) {
      expect((await call(method, `/admin${path}`)).status, `${method} ${path}`).toBe(401);
      const refused = await call(method, `/admin${path}`, alice);
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }
    const audited = s.db.prepare("SELECT count(*) FROM admin_audit WHERE target_type = 'conversation'").pluck().get();
    expect(audited).toBe(0);
  });

  it('answers 400 for malformed ids and queries, 404 for unknown conversations', async () => {
    const unknown = randomUUID();
    for (const [method, path] of paths().slice(1)) {
      expect((await admin(path.replace(direct, 'not-an-id'), method)).status, path).toBe(400);
      const missing = await admin(path.replace(direct, unknown), method);
      expect(missing.status, path).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
    }
    expect((await admin('/conversations?size=1000')).status).toBe(400);
    expect((await admin(`/conversations/${direct}/updates?page=0`)).status).toBe(400);
    expect((await admin('/conversations?q=' + 'x'.repeat(65))).status).toBe(400);
  });
});

describe('what an admin sees', () => {
  it('lists every conversation with its stats', async () => {
    const r = await admin('/conversations');
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(2);
    const d = r.body.items.find((c: any) => c.id === direct);
    const bytes = s.db.prepare('SELECT sum(length("update")) FROM doc_updates WHERE conversation_id = ?').pluck().get(direct);
    expect(d).toMatchObject({ kind: 'direct', name: null, title: 'alice & bob', memberCount: 2, messageCount: 3 });
    expect(d.storage).toMatchObject({ updatesSinceCompaction: storedRows(direct), documentBytes: bytes, snapshotSeq: null });
    expect(r.body.items.find((c: any) => c.id === group)).toMatchObject({ kind: 'group', title: 'Weekend trip', messageCount: 1 });
    expect((await admin('/conversations?q=weekend')).body.items.map((c: any) => c.id)).toEqual([group]);
    expect((await admin('/conversations?q=_%')).body.total).toBe(0);
  });

  it('decodes a conversation from SQLite: edits applied, deleted marked, receipts, attachments, members', async () => {
    const r = await admin(`/conversations/${direct}`);
    expect(r.status).toBe(200);
    // Sizes counted from the rows it decoded match the list's, counted in SQL.
    expect(r.body.conversation.storage).toEqual((await admin('/conversations')).body.items.find((c: any) => c.id === direct).storage);
    const people = r.body.messages.filter((m: any) => m.author !== 'system');
    expect(people.map((m: any) => m.id)).toEqual([wrote.first, wrote.reply, wrote.oops]);
    expect(people[0]).toMatchObject({ author: alice.id, authorUsername: 'alice', text: 'hello over REST', deleted: false, editedAt: null });
    expect(people[0].attachments[0]).toMatchObject({ name: 'packing-list.txt', mimeType: 'text/plain' });
    expect(people[1]).toMatchObject({ authorUsername: 'bob', text: 'hi over sync', originalText: 'hi over sync, typo', replyTo: wrote.first, deleted: false });
    expect(people[2]).toMatchObject({ text: null, originalText: 'wrong chat', deleted: true });
    expect(r.body.receipts).toEqual([expect.objectContaining({ key: `${bob.id}:laptop`, userId: bob.id, username: 'bob', readMessageId: wrote.first })]);
    expect(r.body.attachments).toEqual([expect.objectContaining({ messageId: wrote.first, name: 'packing-list.txt' })]);
    expect(r.body.conversation.members.map((m: any) => m.username).sort()).toEqual(['alice', 'bob']);
    expect(r.body.problems).toEqual([]);
    expect(r.body.unreadable).toBe(0);
    // The read is announced before it is answered: the admin sees the notice too.
    expect(r.body.systemEvents).toEqual([expect.objectContaining({ event: { type: 'conversation.admin_read', adminId: root.id, what: 'messages' } })]);
  });

  it('shows what is in SQLite, not what a live room holds', async () => {
    // A stored row the live room never saw (as after a restore): only a reader of SQLite shows it.
    const before = (await admin(`/conversations/${group}`)).body;
    // A replica with everything stored so far, so its new message goes last.
    const side = new Y.Doc();
    for (const u of (await admin(`/conversations/${group}/export`)).body.stored.updates) Y.applyUpdate(side, Buffer.from(u.base64, 'base64'));
    const updates: Uint8Array[] = [];
    side.on('update', (u: Uint8Array) => updates.push(u));
    sendMessage(side, { author: alice.id, text: 'only in SQLite' });
    s.db.prepare('INSERT INTO doc_updates (conversation_id, seq, "update", writer_user_id, created_at) VALUES (?, 100000, ?, ?, ?)').run(group, updates[0], alice.id, Date.now());
    const after = (await admin(`/conversations/${group}`)).body;
    expect(after.messages.map((m: any) => m.text)).toEqual([...before.messages.map((m: any) => m.text), 'only in SQLite']);
    const live = await call('GET', `/conversations/${group}/messages`, alice);
    expect(live.body.items.map((m: any) => m.text)).not.toContain('only in SQLite');
    s.db.prepare('DELETE FROM doc_updates WHERE conversation_id = ? AND seq = 100000').run(group);
  });

  it('pages through the stored update history with writers and sizes', async () => {
    const rows = s.db
      .prepare('SELECT seq, length("update") AS bytes, writer_user_id FROM doc_updates WHERE conversation_id = ? ORDER BY seq DESC')
      .all(direct) as Array<{ seq: number; bytes: number; writer_user_id: string | null }>;
    const all = (await admin(`/conversations/${direct}/updates?size=100`)).body;
    expect(all.total).toBe(rows.length);
    expect(all.snapshot).toBeNull();
    expect(all.items.map((u: any) => [u.seq, u.bytes, u.writerUserId])).toEqual(rows.map((r) => [r.seq, r.bytes, r.writer_user_id]));
    // Bob's socket writes carry his id; REST writes and system messages are the server's own.
    expect(all.items.filter((u: any) => u.writerUserId === bob.id).length).toBeGreaterThanOrEqual(4);
    expect(all.items.find((u: any) => u.writerUserId === bob.id).writerUsername).toBe('bob');
    expect(all.items.some((u: any) => u.writerUserId === null)).toBe(true);
    const second = (await admin(`/conversations/${direct}/updates?size=2&page=2`)).body;
    expect(second.items.map((u: any) => u.seq)).toEqual(rows.slice(2, 4).map((r) => r.seq));
    expect(second.pages).toBe(Math.ceil(rows.length / 2));
  });

  it('exports everything as a JSON download whose stored rows rebuild the same document', async () => {
    const r = await admin(`/conversations/${direct}/export`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="conversation-${direct}.json"`);
    expect(r.body).toMatchObject({ format: 'parley.conversation.v1', conversation: { id: direct } });
    expect(r.body.stored.updates).toHaveLength(storedRows(direct));
    const doc = new Y.Doc();
    for (const u of r.body.stored.updates) Y.applyUpdate(doc, Buffer.from(u.base64, 'base64'));
    expect(listMessages(doc).map((m) => m.id)).toEqual(r.body.messages.map((m: any) => m.id));
  });

  it('compacts now: the journal rows merge into the snapshot and the content stays identical', async () => {
    const before = (await admin(`/conversations/${direct}`)).body;
    const rows = storedRows(direct);
    expect(rows).toBeGreaterThan(1);
    const r = await admin(`/conversations/${direct}/compact`, 'POST');
    expect(r.status).toBe(200);
    expect(r.body.folded).toBe(rows);
    expect(r.body.storage).toMatchObject({ updatesSinceCompaction: 0, updateBytes: 0 });
    expect(storedRows(direct)).toBe(0);
    const snapshot = s.db.prepare('SELECT seq FROM doc_snapshots WHERE conversation_id = ?').pluck().get(direct);
    expect(r.body.storage.snapshotSeq).toBe(snapshot);
    const after = (await admin(`/conversations/${direct}`)).body;
    for (const key of ['messages', 'receipts', 'attachments', 'systemEvents']) expect(after[key]).toEqual(before[key]);
    expect(after.conversation.storage).toEqual(r.body.storage);
    expect((await admin(`/conversations/${direct}/updates`)).body).toMatchObject({ total: 0, snapshot: { seq: snapshot } });
    // The live room carries on from the snapshot.
    await call('POST', `/conversations/${direct}/messages`, alice, { text: 'after compaction' });
    expect((await admin(`/conversations/${direct}`)).body.messages.at(-1).text).toBe('after compaction');
    expect((await admin(`/conversations/${direct}/compact`, 'POST')).body.folded).toBe(1);
  });
});

describe('the list in pages', () => {
  /** What SQLite holds for a document, counted here independently of the server. */
  const sqlStorage = (id: string) => {
    const snap = s.db.prepare('SELECT seq, length(snapshot) AS bytes FROM doc_snapshots WHERE conversation_id = ?').get(id) as { seq: number; bytes: number } | undefined;
    const tail = s.db.prepare('SELECT count(*) AS n, coalesce(sum(length("update")), 0) AS bytes, max(seq) AS last FROM doc_updates WHERE conversation_id = ?').get(id) as { n: number; bytes: number; last: number | null };
    return { snapshotSeq: snap?.seq ?? null, snapshotBytes: snap?.bytes ?? 0, updatesSinceCompaction: tail.n, updateBytes: tail.bytes, lastSeq: tail.last ?? snap?.seq ?? 0 };
  };

  it("shows each conversation's own storage and members' names, page by page", async () => {
    // Three kinds side by side: compacted (direct), only updates (group), nothing stored yet (a new direct one).
    const quiet = (await call('POST', '/conversations/direct', alice, { username: carol.username })).body.id;
    // A message whose author has since left: their name is still shown.
    const club = (await call('POST', '/groups', alice, { name: 'Book club', members: [carol.username] })).body.id;
    await call('POST', `/conversations/${club}/messages`, carol, { text: 'bye all' });
    expect((await call('POST', `/groups/${club}/leave`, carol)).status).toBe(204);

    const all = (await admin('/conversations?size=100')).body;
    expect(all).toMatchObject({ total: 4, page: 1, size: 100, pages: 1 });
    expect(all.items.map((c: any) => c.id).sort()).toEqual([direct, group, quiet, club].sort());
    const kinds = new Set<string>();
    for (const c of all.items) {
      const expected = sqlStorage(c.id);
      expect(c.storage, c.title).toMatchObject({ ...expected, documentBytes: expected.snapshotBytes + expected.updateBytes });
      kinds.add(expected.snapshotSeq !== null ? 'snapshot' : expected.updatesSinceCompaction > 0 ? 'updates' : 'empty');
    }
    expect(kinds).toEqual(new Set(['snapshot', 'updates', 'empty']));
    expect(all.items.find((c: any) => c.id === direct).storage.snapshotAt).toEqual(expect.any(String));
    expect(all.items.find((c: any) => c.id === quiet).storage).toMatchObject({ lastWriteAt: null, lastSeq: 0 });

    // Pages of one hold the same items, in the same order, each with the same stats.
    for (let page = 1; page <= 4; page++) {
      const one = (await admin(`/conversations?size=1&page=${page}`)).body;
      expect(one).toMatchObject({ total: 4, page, size: 1, pages: 4 });
      expect(one.items).toEqual([all.items[page - 1]]);
    }
    expect((await admin('/conversations?size=3&page=2')).body).toMatchObject({ items: [all.items[3]], pages: 2 });

    const detail = (await admin(`/conversations/${club}`)).body;
    expect(detail.conversation.members.map((m: any) => m.username)).toEqual(['alice']);
    expect(detail.messages.find((m: any) => m.text === 'bye all')).toMatchObject({ author: carol.id, authorUsername: 'carol' });
  });
});

describe('members see admin reads', () => {
  it('lists every read to members only, newest first', async () => {
    const reads = await call('GET', `/conversations/${direct}/admin-reads`, bob);
    expect(reads.status).toBe(200);
    const audited = s.db.prepare("SELECT count(*) FROM admin_audit WHERE target_id = ? AND action = 'conversation.read'").pluck().get(direct);
    expect(reads.body.total).toBe(audited);
    expect(reads.body.items[0]).toMatchObject({ adminId: root.id, adminUsername: 'root' });
    expect(new Set(reads.body.items.map((i: any) => i.what))).toEqual(new Set(['messages', 'updates', 'export']));
    // Compaction is audited but is not a read.
    expect((await call('GET', '/admin/audit?size=100', root)).body.items.some((i: any) => i.action === 'conversation.compact')).toBe(true);

    expect((await call('GET', `/conversations/${direct}/admin-reads`, carol)).status).toBe(403);
    expect((await call('GET', `/conversations/${direct}/admin-reads`)).status).toBe(401);
    expect((await call('GET', `/conversations/${randomUUID()}/admin-reads`, bob)).status).toBe(404);
    expect((await call('GET', '/conversations/nope/admin-reads', bob)).status).toBe(400);
  });

  it('tells a connected member with one system message per admin and hour; every read is still audited', async () => {
    const [c, d] = [await s.signUp('dave'), await s.signUp('erin')];
    await befriendUsers(s, c, d);
    const id = (await call('POST', '/conversations/direct', c, { username: d.username })).body.id;
    await call('POST', `/conversations/${id}/messages`, c, { text: 'private' });
    const member = await connect(id, d);
    expect(adminReadMessages(member.doc)).toEqual([]);

    await admin(`/conversations/${id}/export`);
    await until(() => adminReadMessages(member.doc).length === 1);
    const [notice] = adminReadMessages(member.doc);
    expect(notice).toMatchObject({ author: 'system', system: { type: 'conversation.admin_read', adminId: root.id, what: 'export' } });
    expect(notice!.text).toContain('root');

    await admin(`/conversations/${id}`);
    await admin(`/conversations/${id}/updates`);
    expect((await call('GET', `/conversations/${id}/admin-reads`, c)).body.total).toBe(3);
    // REST readers see the same single notice as the socket.
    const history = (await call('GET', `/conversations/${id}/messages`, c)).body.items;
    expect(history.filter((m: any) => m.system?.type === 'conversation.admin_read')).toHaveLength(1);
    expect(adminReadMessages(member.doc)).toHaveLength(1);

    // An hour later the next read is announced again.
    s.db.prepare('UPDATE admin_read_notices SET notified_at = notified_at - 3600001 WHERE conversation_id = ?').run(id);
    await admin(`/conversations/${id}`);
    await until(() => adminReadMessages(member.doc).length === 2);
  });
});
