import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { conversationRoots, MessageRecord } from '../../../shared/doc/index.js';
import type { TestServer, TestUser } from '../../helpers/server.js';
import { callAs } from '../../helpers/social.js';
import { connectAs, synced } from '../../helpers/sync.js';

/** The direct conversation of two friends, through the API. */
export async function directConversation(server: TestServer, a: TestUser, b: TestUser): Promise<string> {
  const r = await callAs(server, 'POST', '/conversations/direct', a, { username: b.username });
  if (r.status !== 200 && r.status !== 201) throw new Error(`direct conversation: ${r.status}`);
  return r.body.id as string;
}

const BATCH = 1000;

/**
 * Writes `count` messages by `author` into the conversation through a stock y-websocket client, a
 * batch per transaction (as a long-lived client would have written them over time), `minutesApart`
 * minutes apart and ending now. Returns the client's whole document as one update: what a device
 * that has the full history keeps.
 */
export async function writeHistory(server: TestServer, conversationId: string, author: TestUser, count: number, text: (i: number) => string, minutesApart = 10): Promise<Uint8Array> {
  const doc = new Y.Doc();
  const client = connectAs(server, conversationId, author, doc);
  await synced(client);
  const { messages } = conversationRoots(doc);
  const start = Date.now() - count * minutesApart * 60_000;
  for (let from = 0; from < count; from += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - from) }, (_, k) =>
      MessageRecord.parse({ id: crypto.randomUUID(), author: author.id, text: text(from + k), createdAt: start + (from + k) * minutesApart * 60_000 }),
    );
    messages.push(batch);
    // let the socket drain so no frame waits behind a long queue
    await new Promise((r) => setTimeout(r, 2));
  }
  const last = messages.get(messages.length - 1);
  // The server holds everything once its newest message is the client's newest.
  for (let i = 0; ; i++) {
    const page = await callAs(server, 'GET', `/conversations/${conversationId}/messages?limit=1`, author);
    if (page.body.items?.[0]?.id === last.id) break;
    if (i > 400) throw new Error('the server did not receive the whole history');
    await new Promise((r) => setTimeout(r, 300));
  }
  const update = Y.encodeStateAsUpdate(doc);
  client.destroy();
  doc.destroy();
  return update;
}

/**
 * Puts `update` into the page's IndexedDB exactly as y-indexeddb keeps a conversation doc (database
 * `name`, an auto-keyed `updates` store and a `custom` store), so the app finds the history locally.
 * The bytes reach the page through a routed URL (the context must block service workers).
 */
export async function storeDocInBrowser(page: Page, name: string, update: Uint8Array): Promise<void> {
  const url = '/__test-seed/doc-update';
  await page.route(`**${url}`, (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from(update) }));
  await page.evaluate(
    async ({ url, name }) => {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onupgradeneeded = () => {
          req.result.createObjectStore('updates', { autoIncrement: true });
          req.result.createObjectStore('custom');
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('updates', 'readwrite');
        tx.objectStore('updates').add(bytes);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { url, name },
  );
  await page.unroute(`**${url}`);
}
