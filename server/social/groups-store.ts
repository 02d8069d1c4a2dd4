import type { Db } from '../db/database.js';
import type { MemberRow } from './conversations-store.js';

/** SQL about group ownership that the membership store does not answer. */
export class GroupsStore {
  constructor(private readonly db: Db) {}

  /** Groups (not archived) that `userId` owns. */
  ownedBy(userId: string): string[] {
    return this.db
      .prepare(
        `SELECT c.id FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id
         WHERE m.user_id = ? AND m.role = 'owner' AND c.type = 'group' AND c.archived_at IS NULL ORDER BY c.created_at, c.id`,
      )
      .pluck()
      .all(userId) as string[];
  }

  /**
   * Who inherits a group from `formerOwner`: the longest-standing admin, else member, whose
   * account is active (a deactivated heir could never use it). Undefined when nobody qualifies.
   */
  heir(conversationId: string, formerOwner: string): MemberRow | undefined {
    return this.db
      .prepare(
        `SELECT m.conversation_id, m.user_id, m.role, m.joined_at FROM conversation_members m JOIN users u ON u.id = m.user_id
         WHERE m.conversation_id = ? AND m.user_id <> ? AND m.role IN ('admin', 'member') AND u.deactivated_at IS NULL
         ORDER BY m.role = 'admin' DESC, m.joined_at, m.rowid LIMIT 1`,
      )
      .get(conversationId, formerOwner) as MemberRow | undefined;
  }
}
