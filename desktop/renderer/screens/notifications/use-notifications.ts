import { useEffect, useRef } from 'react';
import type { z } from 'zod';
import type { NotificationPage } from '../../../../shared/api/social.js';
import { useResource } from '../../hooks/use-resource.js';
import type { Platform } from '../../platform/contract.js';
import type { Account } from '../../session/session.js';
import { describe, target } from './notification-text.js';

export interface NotificationsFeed {
  page: z.output<typeof NotificationPage> | null;
  reload(): Promise<void>;
}

/** Polls notifications for the whole app; new unread ones also become native notifications. */
export function useNotifications(account: Account, platform: Platform): NotificationsFeed {
  const res = useResource(() => account.social.notifications(), [account], { cache: { userId: account.userId, key: 'notifications' }, pollMs: 10_000 });
  const seen = useRef<Set<string> | null>(null);

  useEffect(() => {
    if (!res.data) return;
    const unread = res.data.items.filter((n) => !n.read);
    if (seen.current) {
      for (const n of unread) if (!seen.current.has(n.id)) platform.notify({ title: 'Parley', body: describe(n), ...(target(n) ? { path: target(n)! } : {}) });
    }
    // The first answer only sets the baseline: nothing old pops up at start.
    seen.current = new Set(res.data.items.map((n) => n.id));
  }, [res.data, platform]);

  return { page: res.data, reload: res.reload };
}
