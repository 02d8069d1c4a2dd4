import type { EventBus } from '../events.js';
import type { ConversationsStore } from './conversations-store.js';

/** How many conversations' facts are kept before starting over (a bound on memory, not a policy). */
const MAX_REMEMBERED = 10_000;

/** What the hot paths ask about a conversation for every update that adds messages. */
export interface ConversationFacts {
  /** It takes new messages: not a closed direct chat, not an archived group. */
  open: boolean;
  /** The group's name; null for a direct chat. */
  name: string | null;
  /** Its members' user ids, longest-standing first. */
  memberIds: readonly string[];
}

/** Events after which a conversation's facts may differ. */
const CHANGES = ['direct.closed', 'direct.reopened', 'group.archived', 'group.renamed', 'conversation.member.added', 'conversation.member.removed', 'conversation.member.left'] as const;

/**
 * Facts about conversations, read from SQLite once and remembered until an event says they
 * changed: validation asks whether a conversation is open, and notifications want its name and
 * members, for every message. Each change to these is committed and then announced (CHANGES),
 * so forgetting on those events keeps the answers exact.
 */
export class ConversationFactsCache {
  private readonly facts = new Map<string, ConversationFacts>();
  private readonly offs: Array<() => void>;

  constructor(
    private readonly store: Pick<ConversationsStore, 'byId' | 'members'>,
    events: Pick<EventBus, 'on'>,
  ) {
    const forget = ({ conversationId }: { conversationId: string }) => void this.facts.delete(conversationId);
    this.offs = CHANGES.map((event) => events.on(event, forget));
  }

  /** The facts about `conversationId`; undefined when it does not exist. */
  get(conversationId: string): ConversationFacts | undefined {
    const known = this.facts.get(conversationId);
    if (known !== undefined) return known;
    const row = this.store.byId(conversationId);
    // An unknown id is not remembered: it may be created later.
    if (row === undefined) return undefined;
    const facts: ConversationFacts = {
      open: row.closed_at === null && row.archived_at === null,
      name: row.name,
      memberIds: this.store.members([conversationId]).map((m) => m.user_id),
    };
    if (this.facts.size >= MAX_REMEMBERED) this.facts.clear();
    this.facts.set(conversationId, facts);
    return facts;
  }

  acceptsMessages(conversationId: string): boolean {
    return this.get(conversationId)?.open ?? false;
  }

  destroy(): void {
    this.offs.forEach((off) => off());
    this.facts.clear();
  }
}
