import type { z } from 'zod';
import type {
  AdminConversationDetail,
  AdminConversationExport,
  AdminConversationPage,
  AdminConversationSummary,
  AdminStorage,
  AdminUpdatePage,
} from '../../shared/api/admin.js';
import { isoTime, pageOf, pageOffset } from '../../shared/api/common.js';
import { UsersStore } from '../accounts/users-store.js';
import type { Db } from '../db/database.js';
import { SyncStore, type StoredRows } from '../sync/persistence.js';
import { decodeDocument } from './conversation-decoder.js';
import { ConversationsAdminStore, NOTHING_STORED, storedSizeOf, type AdminConversationRow, type StoredSize } from './conversations-admin-store.js';
import { rebuildDocument } from './stored-document.js';
import { usernameLookup } from './usernames.js';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Stored sizes as the API shows them. */
export function storageView(s: StoredSize): AdminStorage {
  const snapshotBytes = s.snapshot?.bytes ?? 0;
  return {
    snapshotSeq: s.snapshot?.seq ?? null,
    snapshotBytes,
    snapshotAt: isoTime(s.snapshot?.updatedAt),
    updatesSinceCompaction: s.updates,
    updateBytes: s.updateBytes,
    documentBytes: snapshotBytes + s.updateBytes,
    lastSeq: s.lastSeq,
    lastWriteAt: isoTime(s.lastWriteAt),
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
  private readonly users: UsersStore;

  constructor(db: Db, private readonly settle: () => void = () => {}) {
    this.docs = new SyncStore(db);
    this.store = new ConversationsAdminStore(db);
    this.users = new UsersStore(db);
  }

  /** A page of conversations with their stats: a fixed number of queries however long the page. */
  list(q: string, page: number, size: number): z.input<typeof AdminConversationPage> {
    this.settle();
    const { rows, total } = this.store.page(q, size, pageOffset({ page, size }));
    const stored = this.store.storage(rows.map((r) => r.id));
    return pageOf(rows.map((r) => this.summary(r, stored.get(r.id) ?? NOTHING_STORED)), total, { page, size });
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
    const storage = this.stored(id);
    const rows = this.docs.updateHistory(id, size, pageOffset({ page, size }));
    const names = usernameLookup(this.users, rows.map((u) => u.writerUserId));
    const items = rows.map((u) => ({
      seq: u.seq,
      createdAt: isoTime(u.createdAt),
      writerUserId: u.writerUserId,
      writerUsername: u.writerUserId === null ? null : names(u.writerUserId),
      bytes: u.bytes,
    }));
    const snapshot = storage.snapshot ? { seq: storage.snapshot.seq, bytes: storage.snapshot.bytes, updatedAt: isoTime(storage.snapshot.updatedAt) } : null;
    return { ...pageOf(items, storage.updates, { page, size }), snapshot };
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
      exportedAt: isoTime(now),
      ...detail,
      stored: {
        snapshot: rows.snapshot ? { seq: rows.snapshot.seq, updatedAt: isoTime(rows.snapshot.updatedAt), base64: base64(rows.snapshot.bytes) } : null,
        updates: rows.updates.map((u) => ({ seq: u.seq, createdAt: isoTime(u.createdAt), writerUserId: u.writerUserId, base64: base64(u.bytes) })),
      },
    };
  }

  storage(id: string): AdminStorage {
    return storageView(this.stored(id));
  }

  private stored(id: string): StoredSize {
    return this.store.storage([id]).get(id) ?? NOTHING_STORED;
  }

  private decode(row: AdminConversationRow, rows: StoredRows): AdminConversationDetail {
    const { doc, problems } = rebuildDocument(rows);
    try {
      const members = this.store.members(row.id).map((m) => ({ id: m.user_id, username: m.username, role: m.role, joinedAt: isoTime(m.joined_at) }));
      const conversation = { ...this.summary(row, storedSizeOf(rows)), createdAt: isoTime(row.created_at), members };
      // Authors and receipt holders are mostly members, whose names are known already.
      return { conversation, ...decodeDocument(doc, usernameLookup(this.users, [], members.map((m) => [m.id, m.username]))), problems };
    } finally {
      doc.destroy();
    }
  }

  private summary(r: AdminConversationRow, stored: StoredSize): AdminConversationSummary {
    const names = (r.member_names ?? '').split('\n').filter(Boolean).sort();
    return {
      id: r.id,
      kind: r.type,
      name: r.name,
      title: r.name ?? (names.length > 0 ? names.join(' & ') : 'direct conversation'),
      memberCount: r.member_count,
      messageCount: r.message_count,
      lastActivityAt: isoTime(r.last_activity_at),
      closedAt: isoTime(r.closed_at),
      archivedAt: isoTime(r.archived_at),
      storage: storageView(stored),
    };
  }
}
