import type { Conversation, Member } from '../../shared/api/social.js';
import { publicView } from '../accounts/user-view.js';
import type { UsersStore } from '../accounts/users-store.js';
import type { ConversationRow, ConversationsStore, MemberRow } from './conversations-store.js';
import { iso, usersById } from './people.js';

/** Turns conversation rows into API views, loading members and their profiles in two queries per batch. */
export class ConversationViews {
  constructor(
    private readonly store: ConversationsStore,
    private readonly users: UsersStore,
  ) {}

  one(row: ConversationRow): Conversation {
    return this.many([row])[0] as Conversation;
  }

  many(rows: ConversationRow[]): Conversation[] {
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
    return rows.map((row) => view(row, byConversation.get(row.id) ?? []));
  }
}

function memberView(m: MemberRow, user: ReturnType<typeof publicView>): Member {
  return { ...user, role: m.role, joinedAt: iso(m.joined_at) };
}

// unreadCount and lastMessage come from the doc-derived index once messaging lands.
function view(row: ConversationRow, members: Member[]): Conversation {
  const common = { id: row.id, members, createdAt: iso(row.created_at), lastActivityAt: iso(row.last_activity_at), unreadCount: 0 };
  if (row.type === 'direct') {
    return { ...common, type: 'direct', closed: row.closed_at !== null, closedAt: row.closed_at === null ? null : iso(row.closed_at) };
  }
  return { ...common, type: 'group', name: row.name ?? '', avatarId: row.avatar_id };
}
