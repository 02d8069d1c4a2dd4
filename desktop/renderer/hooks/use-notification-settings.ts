import type { UserSettings } from '../../../shared/api/social.js';
import type { Account } from '../session/session.js';
import { useResource } from './use-resource.js';

/** The user's "Show desktop notifications" setting (on until the server or the cache says off). */
export function useDesktopNotificationsEnabled(account: Account): boolean {
  // Same cache key as the settings screen, so a change there is seen here at the next read.
  const settings = useResource<UserSettings>(() => account.social.settings(), [account], { cache: { userId: account.userId, key: 'settings' }, pollMs: 60_000 });
  return settings.data?.desktopNotifications ?? true;
}
