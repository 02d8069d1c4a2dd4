import { useEffect, useRef } from 'react';
import { appInFront } from '../lib/app-in-front.js';
import { detectPlatform } from '../platform/index.js';
import { chatNotice, type ChatNoticeInput } from '../screens/chats/chat-notice.js';
import type { Timeline } from '../screens/chats/timeline.js';
import type { Account } from '../session/session.js';
import type { ConversationSync } from '../sync/conversation-sync.js';
import { useDesktopNotificationsEnabled } from './use-notification-settings.js';

/**
 * Native notifications for the open conversation: messages from others that arrive live from the
 * server while the window is in the background. The server notifies (through the inbox) about
 * messages a user gets while they have no socket in that conversation: other conversations, and
 * what the first sync of a (re)connected socket brings, which arrives before the sync completes.
 * So only messages arriving while in sync are this hook's, and nothing is announced twice.
 */
export function useChatNotifications(
  account: Account,
  sync: ConversationSync | null,
  timeline: Timeline | null,
  details: Pick<ChatNoticeInput, 'conversationId' | 'groupName' | 'nameOf'>,
): void {
  const enabled = useDesktopNotificationsEnabled(account);
  const latest = useRef({ enabled, details });
  latest.current = { enabled, details };
  useEffect(() => {
    if (!sync || !timeline) return;
    const platform = detectPlatform();
    return timeline.subscribe(({ appended, origin }) => {
      if (origin !== sync.provider || appended.length === 0 || sync.state.get().kind !== 'online') return;
      const { enabled, details } = latest.current;
      const notice = chatNotice({ ...details, arrived: appended, selfId: account.userId, enabled, inFront: appInFront() });
      if (notice) platform.notify(notice);
    });
  }, [account, sync, timeline]);
}
