import * as Y from 'yjs';
import { conversationRoots, sendSystemMessage, type MessageRecord } from '../../shared/doc/index.js';
import { insertedValues } from '../../shared/doc/transaction-changes.js';
import { createLogger } from '../../server/logger.js';
import type { ConversationSummary } from '../../server/messaging/index-store.js';
import { ConversationIndexer } from '../../server/messaging/indexer.js';
import type { AcceptedEvent } from '../../server/sync/sync-server.js';

/** The one conversation an IndexerHarness holds. */
export const ROOM = 'room-1';

/** A conversation as the sync server holds it: the room's document, and the indexer's two inputs. */
export class IndexerHarness {
  doc: Y.Doc;
  members = new Set<string>(['ann', 'ben', 'cat']);
  /** Ids receipts named before their messages existed: the next sends use them. */
  readonly nextIds: string[] = [];
  readonly rows = new Map<string, ConversationSummary>();
  readonly indexer: ConversationIndexer;
  private readonly listeners = new Set<(e: AcceptedEvent) => void>();
  private added: MessageRecord[] = [];
  private reloads = 0;

  constructor(recentWindow: number) {
    this.doc = this.newDoc(null);
    this.indexer = new ConversationIndexer({
      docs: {
        onAccepted: (l) => (this.listeners.add(l), () => this.listeners.delete(l)),
        read: (_id, read) => read(this.doc),
      },
      store: { write: (id, summary) => (this.rows.set(id, summary), { rows: summary.reads.size, changedFor: [] }), stale: () => [] },
      exists: () => true,
      members: () => [...this.members],
      touch: () => {},
      log: createLogger('silent'),
      recentWindow,
    });
    this.write((doc) => sendSystemMessage(doc, { event: { type: 'group.created', name: 'g', byUserId: 'ann' }, text: 'created' }));
  }

  /** Runs `write` as one transaction on the room's document and announces it, as the sync server does. */
  write(write: (doc: Y.Doc) => void, writer: string | null = null): void {
    Y.transact(this.doc, () => write(this.doc));
    const addedMessages = this.added;
    this.added = [];
    for (const l of this.listeners) l({ conversationId: ROOM, writer, addedMessages });
  }

  /** What a client replica sends: everything the room lacks. */
  receive(replica: Y.Doc, writer: string): void {
    const update = Y.encodeStateAsUpdate(replica, Y.encodeStateVector(this.doc));
    this.write((doc) => Y.applyUpdate(doc, update), writer);
  }

  /** The room unloads (its document destroyed) and loads again from what was stored. */
  reload(): void {
    const old = this.doc;
    this.doc = this.newDoc(old);
    old.destroy();
  }

  private newDoc(from: Y.Doc | null): Y.Doc {
    const doc = new Y.Doc();
    doc.clientID = 1_000_000 + this.reloads++;
    if (from) Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
    const { messages } = conversationRoots(doc);
    messages.observe((e) => this.added.push(...(insertedValues(e.transaction, messages) as MessageRecord[])));
    return doc;
  }
}

