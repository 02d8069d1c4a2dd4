import type { PublicUser } from '../../../shared/api/accounts.js';
import type { Conversation } from '../../../shared/api/social.js';

/** How a person is named in the UI: display name, else username. */
export function displayName(user: Pick<PublicUser, 'username' | 'displayName'>): string {
  return user.displayName || user.username;
}

/**
 * The name of the person with `id` among `people`; `unknown` when they are not there (a former
 * member whose messages stay in the history).
 */
export function nameAmong(people: ReadonlyArray<Pick<PublicUser, 'id' | 'username' | 'displayName'>>, id: string, unknown = 'someone'): string {
  const person = people.find((p) => p.id === id);
  return person ? displayName(person) : unknown;
}

/** The other member of a direct conversation (or the first other member of a group). */
export function otherMember(conversation: Conversation, selfId: string) {
  return conversation.members.find((m) => m.id !== selfId) ?? conversation.members[0];
}

/** The title of a conversation: the group's name, or the other person's name. */
export function conversationTitle(conversation: Conversation, selfId: string): string {
  if (conversation.type === 'group') return conversation.name;
  const other = otherMember(conversation, selfId);
  return other ? displayName(other) : 'Direct chat';
}
