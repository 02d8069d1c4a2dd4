import type { MessageView } from '../../../../shared/doc/index.js';
import { chatPath } from '../../lib/routes.js';
import type { NativeNotice } from '../../platform/contract.js';
import { countsAsUnread } from './unread.js';

export interface ChatNoticeInput {
  /** Messages that just arrived from the server in the open conversation, in order. */
  arrived: readonly MessageView[];
  selfId: string;
  conversationId: string;
  /** The group's name; undefined for a direct conversation. */
  groupName: string | undefined;
  nameOf(userId: string): string;
  /** The user's "Show desktop notifications" setting. */
  enabled: boolean;
  /** True while the app's window is focused and visible (the user sees the chat). */
  inFront: boolean;
}

const BODY_MAX = 200;

/**
 * The native notification for messages arriving in the open conversation, or null when none is
 * due: the setting is off, the user is looking at the chat, or nothing came from someone else.
 */
export function chatNotice(input: ChatNoticeInput): NativeNotice | null {
  if (!input.enabled || input.inFront) return null;
  const theirs = input.arrived.filter((m) => countsAsUnread(m, input.selfId) && !m.deleted);
  const last = theirs.at(-1);
  if (!last) return null;
  const who = input.nameOf(last.author);
  const text = last.text.length > BODY_MAX ? `${last.text.slice(0, BODY_MAX - 1)}…` : last.text;
  return {
    title: input.groupName ? `${who} in ${input.groupName}` : who,
    body: theirs.length > 1 ? `${text} (+${theirs.length - 1} more)` : text,
    path: chatPath(input.conversationId),
  };
}
