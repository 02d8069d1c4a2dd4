import { writeFileSync } from 'node:fs';
import { ADMIN_READ_ACTION } from '../admin-reads.js';
import { AuditStore } from '../audit-store.js';
import { ConversationInspector } from '../conversation-inspector.js';
import { verifyStorage } from '../storage-verifier.js';
import { summaryLine, transcript } from '../transcript.js';
import type { AdminReadKind } from '../../../shared/doc/index.js';
import type { Db } from '../../db/database.js';
import { required, UsageError, type Command } from './command.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Looks a conversation up for reading and audits the read (by the operator: no admin id), as the REST API does. */
function readConversation<T>(db: Db, id: string | undefined, what: AdminReadKind, read: (inspector: ConversationInspector, id: string) => T | undefined): T {
  const conversationId = required(id, 'a conversation id');
  if (!UUID.test(conversationId)) throw new UsageError(`${conversationId} is not a conversation id`);
  const found = read(new ConversationInspector(db), conversationId);
  if (found === undefined) throw new UsageError(`no conversation ${conversationId}`);
  new AuditStore(db).record({ adminId: null, action: ADMIN_READ_ACTION, targetType: 'conversation', targetId: conversationId, details: { what, via: 'cli' } });
  return found;
}

/** conversations, show, export, verify. */
export const conversationCommands: Record<string, Command> = {
  conversations: (db, [q = '']) => {
    const { items, total } = new ConversationInspector(db).list(q, 1, Number.MAX_SAFE_INTEGER);
    return [...items.map(summaryLine), `${total} conversation(s)`].join('\n');
  },
  show: (db, [id]) => transcript(readConversation(db, id, 'messages', (inspector, cid) => inspector.detail(cid))),
  export: (db, [id, file]) => {
    const exported = readConversation(db, id, 'export', (inspector, cid) => inspector.exportOf(cid));
    const json = JSON.stringify(exported, null, 2);
    if (!file) return json;
    writeFileSync(file, `${json}\n`);
    return `exported ${exported.messages.length} messages and ${exported.stored.updates.length + (exported.stored.snapshot ? 1 : 0)} stored rows to ${file}`;
  },
  verify: (db) => {
    const { documents, problems, notes } = verifyStorage(db);
    const lines = [...problems.map((p) => `problem: ${p}`), ...notes.map((n) => `note: ${n}`)];
    lines.push(problems.length === 0 ? `ok: ${documents} document(s) verified` : `${problems.length} problem(s) in ${documents} document(s)`);
    return { text: lines.join('\n'), exitCode: problems.length === 0 ? 0 : 1 };
  },
};
