import type { z } from 'zod';
import type {
  AdminConversationDetail,
  AdminConversationExport,
  AdminConversationPage,
  AdminConversationSummary,
  AdminStorage,
  AdminUpdatePage,
} from '../../shared/api/admin.js';
import type { Db } from '../db/database.js';
import { SyncStore, type StoredRows, type StoredSize } from '../sync/persistence.js';
import { decodeDocument } from './conversation-decoder.js';
import { ConversationsAdminStore, type AdminConversationRow } from './conversations-admin-store.js';
import { rebuildDocument } from './stored-document.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const pages = (total: number, size: number) => Math.ceil(total / size);

/** Stored sizes as the API shows them. */
export function storageView(s: StoredSize): AdminStorage {
  const snapshotBytes = s.snapshot?.bytes ?? 0;
  return {
    snapshotSeq: s.snapshot?.seq ?? null,
    snapshotBytes,
    snapshotAt: iso(s.snapshot?.updatedAt ?? null),
    updatesSinceCompaction: s.updates,
    updateBytes: s.updateBytes,
    documentBytes: snapshotBytes + s.updateBytes,
    lastSeq: s.lastSeq,
    lastWriteAt: iso(s.lastWriteAt),
  };
}

/**
 * What the server stored for conversations, read from SQLite only (never from a live room): the
 * list with stats, a document decoded from its snapshot and stored updates, its update history
 * and a full export. Shared by the admin REST routes and the CLI. `settle` runs before each read
 * (the running server makes what it acknowledged durable and indexed; the CLI needs nothing).
 */
export class ConversationInspector {
  private readonly docs: SyncStore;
  private readonly store: ConversationsAdminStore;

  constructor(db: Db, private readonly settle: () => void = () => {}) {
    this.docs = new SyncStore(db);
    this.store = new ConversationsAdminStore(db);
  }

  list(q: string, page: number, size: number): z.input<typeof AdminConversationPage> {
    this.settle();
    const { rows, total } = this.store.page(q, size, (page - 1) * size);
    return { items: rows.map((r) => this.summary(r)), total, page, size, pages: pages(total, size) };
  }

  /** The conversation decoded from its stored rows; undefined when there is no such conversation. */
  detail(id: string): AdminConversationDetail | undefined {
    this.settle();
    const row = this.store.one(id);
    return row ? this.decode(row, this.docs.rows(id)) : undefined;
  }

  /** A page of stored updates, newest first, and the snapshot they follow. */
  updates(id: string, page: number, size: number): z.input<typeof AdminUpdatePage> | undefined {
    this.settle();
    if (!this.store.one(id)) return undefined;
    const storage = this.docs.storage(id);
    const rows = this.docs.updateHistory(id, size, (page - 1) * size);
    const names = this.namer();
    const items = rows.map((u) => ({
      seq: u.seq,
      createdAt: new Date(u.createdAt).toISOString(),
      writerUserId: u.writerUserId,
      writerUsername: u.writerUserId === null ? null : names(u.writerUserId),
      bytes: u.bytes,
    }));
    const snapshot = storage.snapshot ? { seq: storage.snapshot.seq, bytes: storage.snapshot.bytes, updatedAt: new Date(storage.snapshot.updatedAt).toISOString() } : null;
    return { items, total: storage.updates, page, size, pages: pages(storage.updates, size), snapshot };
  }

  /** The decoded conversation plus every stored row (base64), for a download or a file. */
  exportOf(id: string, now = Date.now()): AdminConversationExport | undefined {
    this.settle();
    const row = this.store.one(id);
    if (!row) return undefined;
    const rows = this.docs.rows(id);
    const detail = this.decode(row, rows);
    return {
      format: 'parley.conversation.v1',
      exportedAt: new Date(now).toISOString(),
      ...detail,
      stored: {
        snapshot: rows.snapshot ? { seq: rows.snapshot.seq, updatedAt: new Date(rows.snapshot.updatedAt).toISOString(), base64: base64(rows.snapshot.bytes) } : null,
        updates: rows.updates.map((u) => ({ seq: u.seq, createdAt: new Date(u.createdAt).toISOString(), writerUserId: u.writerUserId, base64: base64(u.bytes) })),
      },
    };
  }

  storage(id: string): AdminStorage {
    return storageView(this.docs.storage(id));
  }

  private decode(row: AdminConversationRow, rows: StoredRows): AdminConversationDetail {
    const { doc, problems } = rebuildDocument(rows);
    try {
      const members = this.store.members(row.id).map((m) => ({ id: m.user_id, username: m.username, role: m.role, joinedAt: new Date(m.joined_at).toISOString() }));
      const conversation = { ...this.summary(row), createdAt: new Date(row.created_at).toISOString(), members };
      return { conversation, ...decodeDocument(doc, this.namer()), problems };
    } finally {
      doc.destroy();
    }
  }

  private summary(r: AdminConversationRow): AdminConversationSummary {
    const names = (r.member_names ?? '').split('\n').filter(Boolean).sort();
    return {
      id: r.id,
      kind: r.type,
      name: r.name,
      title: r.name ?? (names.length > 0 ? names.join(' & ') : 'direct conversation'),
      memberCount: r.member_count,
      messageCount: r.message_count,
      lastActivityAt: new Date(r.last_activity_at).toISOString(),
      closedAt: iso(r.closed_at),
      archivedAt: iso(r.archived_at),
      storage: this.storage(r.id),
    };
  }

  /** Looks usernames up once per id. */
  private namer(): (userId: string) => string | null {
    const known = new Map<string, string | null>();
    return (userId) => {
      if (!known.has(userId)) known.set(userId, this.store.usernames([userId]).get(userId) ?? null);
      return known.get(userId) ?? null;
    };
  }
}
