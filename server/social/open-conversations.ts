import type { EventBus } from '../events.js';
import type { ConversationsStore } from './conversations-store.js';

/** How many conversations' answers are kept before starting over (a bound on memory, not a policy). */
const MAX_REMEMBERED = 10_000;

/**
 * Whether a conversation takes new messages (not a closed direct chat, not an archived group),
 * asked by the sync server for every update that adds messages. The answer only changes with a
 * `direct.closed` / `direct.reopened` / `group.archived` event (published once the change is
 * committed), so it is remembered until one arrives instead of read from SQLite every time.
 */
export class OpenConversations {
  private readonly open = new Map<string, boolean>();
  private readonly offs: Array<() => void>;

  constructor(
    private readonly store: Pick<ConversationsStore, 'byId'>,
    events: Pick<EventBus, 'on'>,
  ) {
    const forget = ({ conversationId }: { conversationId: string }) => void this.open.delete(conversationId);
    this.offs = [events.on('direct.closed', forget), events.on('direct.reopened', forget), events.on('group.archived', forget)];
  }

  acceptsMessages(conversationId: string): boolean {
    const known = this.open.get(conversationId);
    if (known !== undefined) return known;
    const row = this.store.byId(conversationId);
    const open = row !== undefined && row.closed_at === null && row.archived_at === null;
    // An unknown id is not remembered: it may be created later.
    if (row !== undefined) {
      if (this.open.size >= MAX_REMEMBERED) this.open.clear();
      this.open.set(conversationId, open);
    }
    return open;
  }

  destroy(): void {
    this.offs.forEach((off) => off());
    this.open.clear();
  }
}
