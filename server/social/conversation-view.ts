import { isoTime } from '../../shared/api/common.js';
import type { Conversation, LastMessage, Member } from '../../shared/api/social.js';
import { publicView } from '../accounts/user-view.js';
import type { UsersStore } from '../accounts/users-store.js';
import type { ConversationRow, ConversationsStore, MemberRow } from './conversations-store.js';
import { usersById } from './people.js';

/** Per-viewer data of conversations from the messaging index (SQL only, no document loads). */
export interface ConversationSummaries {
  /** Brings the index up to date (it may lag accepted updates by a moment). */
  refresh(): void;
  summaries(conversationIds: string[], viewerId: string): Map<string, { unreadCount: number; lastMessage: LastMessage | null }>;
}

/** Turns conversation rows into API views, loading members and their profiles in two queries per batch. */
export class ConversationViews {
  private summaries: ConversationSummaries | null = null;

  constructor(
    private readonly store: ConversationsStore,
    private readonly users: UsersStore,
  ) {}

  /** Plugs in the messaging index; until then unreadCount is 0 and there is no lastMessage. */
  setSummaries(summaries: ConversationSummaries): void {
    this.summaries = summaries;
  }

  /** Call before reading rows ordered by activity: the index writes activity lazily. */
  refresh(): void {
    this.summaries?.refresh();
  }

  one(row: ConversationRow, viewerId?: string): Conversation {
    return this.many([row], viewerId)[0] as Conversation;
  }

  /** Views of `rows`; with `viewerId`, unread counts and last messages as that user sees them. */
  many(rows: ConversationRow[], viewerId?: string): Conversation[] {
    const members = this.store.members(rows.map((r) => r.id));
    const people = usersById(this.users, members.map((m) => m.user_id));
    const byConversation = new Map<string, Member[]>();
    for (const m of members) {
      const user = people.get(m.user_id);
      if (!user) continue;
      const list = byConversation.get(m.conversation_id) ?? [];
      list.push(memberView(m, publicView(user)));
      byConversation.set(m.conversation_id, list);
    }
    const summaries = viewerId !== undefined && this.summaries ? this.summaries.summaries(rows.map((r) => r.id), viewerId) : new Map();
    return rows.map((row) => {
      const summary = summaries.get(row.id);
      const v = view(row, byConversation.get(row.id) ?? []);
      if (!summary) return v;
      return { ...v, unreadCount: summary.unreadCount, ...(summary.lastMessage ? { lastMessage: summary.lastMessage } : {}) };
    });
  }
}

function memberView(m: MemberRow, user: ReturnType<typeof publicView>): Member {
  return { ...user, role: m.role, joinedAt: isoTime(m.joined_at) };
}

function view(row: ConversationRow, members: Member[]): Conversation {
  const common = { id: row.id, members, createdAt: isoTime(row.created_at), lastActivityAt: isoTime(row.last_activity_at), unreadCount: 0 };
  if (row.type === 'direct') {
    return { ...common, type: 'direct', closed: row.closed_at !== null, closedAt: isoTime(row.closed_at) };
  }
  return { ...common, type: 'group', name: row.name ?? '', avatarId: row.avatar_id };
}
