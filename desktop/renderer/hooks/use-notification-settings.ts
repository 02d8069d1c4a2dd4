import { desktopNotificationsOn } from '../session/user-settings.js';
import type { Account } from '../session/session.js';
import { useStore } from './use-store.js';

/** The user's "Show desktop notifications" setting, as the account's settings store has it now. */
export function useDesktopNotificationsEnabled(account: Account): boolean {
  return desktopNotificationsOn(useStore(account.settings.value));
}
