import { useEffect, useMemo, useRef, useState } from 'react';
import type { Notification } from '../../../../shared/api/social.js';
import { listInbox } from '../../../../shared/doc/index.js';
import { useDocVersion } from '../../hooks/use-conversation.js';
import { useDesktopNotificationsEnabled } from '../../hooks/use-notification-settings.js';
import type { Platform } from '../../platform/contract.js';
import type { Account } from '../../session/session.js';
import type { ConversationSync } from '../../sync/conversation-sync.js';
import { describe, target } from './notification-text.js';

/** The whole inbox, newest first, and how much of it is unread; null until the inbox has loaded. */
export type NotificationsFeed = { items: Notification[]; unreadCount: number } | null;

/** Older than this when it reaches the app (e.g. after a long time offline): listed, but no native pop-up. */
const POP_UP_WITHIN_MS = 10 * 60_000;

/**
 * The account's notifications from its open inbox document (`/sync/inbox/<userId>`, written only by
 * the server): live while online, kept in IndexedDB for offline use. New unread ones also become
 * native notifications; what was already there when the app opened sets the baseline and stays quiet.
 */
export function useNotifications(account: Account, inbox: ConversationSync | null, platform: Platform): NotificationsFeed {
  const version = useDocVersion(inbox);
  const [items, setItems] = useState<Notification[] | null>(null);
  const seen = useRef<Set<string> | null>(null);
  const popUps = useDesktopNotificationsEnabled(account);

  useEffect(() => {
    if (!inbox) return;
    let live = true;
    void inbox.loaded.then(() => {
      if (!live) return;
      seen.current ??= new Set(listInbox(inbox.doc).map((n) => n.id));
      setItems(listInbox(inbox.doc));
    });
    return () => {
      live = false;
    };
  }, [inbox, version]);

  useEffect(() => {
    if (!items || !seen.current) return;
    const now = Date.now();
    for (const n of items) {
      if (seen.current.has(n.id)) continue;
      seen.current.add(n.id);
      if (popUps && !n.read && now - Date.parse(n.createdAt) < POP_UP_WITHIN_MS) {
        platform.notify({ title: 'Parley', body: describe(n), ...(target(n) ? { path: target(n)! } : {}) });
      }
    }
  }, [items, platform, popUps]);

  // The inbox is live: a change on the server (e.g. marking read) reaches it by itself.
  return useMemo(() => (items ? { items, unreadCount: items.filter((n) => !n.read).length } : null), [items]);
}
