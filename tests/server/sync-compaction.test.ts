import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listMessages, sendMessage } from '../../shared/doc/index.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { callAs } from '../helpers/social.js';
import { connectAs, synced, until } from '../helpers/sync.js';

let s: TestServer;
let user: TestUser;
beforeAll(async () => {
  s = await startTestServer();
  user = await s.signUp('compactor');
});
afterAll(() => s.stop());

const count = (sql: string, id: string) => s.db.prepare(sql).pluck().get(id) as number;

describe('background compaction', () => {
  it('folds a busy room into its snapshot once it is quiet, and serves the same history', async () => {
    const id = (await callAs(s, 'POST', '/groups', user, { name: 'busy', members: [] })).body.id as string;
    const writer = connectAs(s, id, user);
    await synced(writer);
    for (let i = 0; i < 520; i++) sendMessage(writer.doc, { author: user.id, text: `m${i}` });
    await until(() => count('SELECT count(*) FROM doc_snapshots WHERE conversation_id = ?', id) === 1, 15_000);
    expect(count('SELECT count(*) FROM doc_updates WHERE conversation_id = ?', id)).toBe(0);
    writer.destroy();

    const reader = connectAs(s, id, user, new Y.Doc());
    await synced(reader);
    expect(listMessages(reader.doc).filter((m) => m.author === user.id).map((m) => m.text)).toEqual(Array.from({ length: 520 }, (_, i) => `m${i}`));
    reader.destroy();
  });
});
