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
   * account is active (a deactivated heir could not use it). With `evenDeactivated`, deactivated
   * members qualify after every active one (a group with members keeps an owner). Undefined when
   * nobody qualifies.
   */
  heir(conversationId: string, formerOwner: string, evenDeactivated = false): MemberRow | undefined {
    return this.db
      .prepare(
        `SELECT m.conversation_id, m.user_id, m.role, m.joined_at FROM conversation_members m JOIN users u ON u.id = m.user_id
         WHERE m.conversation_id = @id AND m.user_id <> @formerOwner AND m.role IN ('admin', 'member') AND (@evenDeactivated OR u.deactivated_at IS NULL)
         ORDER BY u.deactivated_at IS NULL DESC, m.role = 'admin' DESC, m.joined_at, m.rowid LIMIT 1`,
      )
      .get({ id: conversationId, formerOwner, evenDeactivated: evenDeactivated ? 1 : 0 }) as MemberRow | undefined;
  }
}
