import type { PublicUser } from '../../../shared/api/accounts.js';
import type { Conversation } from '../../../shared/api/social.js';

/** How a person is named in the UI: display name, else username. */
export function displayName(user: Pick<PublicUser, 'username' | 'displayName'>): string {
  return user.displayName || user.username;
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
