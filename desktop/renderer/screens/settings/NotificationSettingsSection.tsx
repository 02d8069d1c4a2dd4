import { useEffect } from 'react';
import type { UserSettings } from '../../../../shared/api/social.js';
import { useStore } from '../../hooks/use-store.js';
import { useAttempt } from '../../hooks/use-submit.js';
import type { Account } from '../../session/session.js';

const SWITCHES: Array<{ key: keyof UserSettings; label: string }> = [
  { key: 'emailFriendRequests', label: 'Email me about friend requests' },
  { key: 'emailMissedMessages', label: 'Email me about messages I missed' },
  { key: 'desktopNotifications', label: 'Show desktop notifications' },
];

/** The server-side notification switches; a change reaches every screen through the account's settings store. */
export function NotificationSettingsSection({ account }: { account: Account }) {
  const settings = useStore(account.settings.value);
  const loading = useAttempt();
  const { run } = loading;
  const flipping = useAttempt('toast');

  // Show what the server has now (another device may have changed it since sign-in).
  useEffect(() => {
    void run(() => account.settings.load());
  }, [account, run]);

  const flip = (key: keyof UserSettings, value: boolean) =>
    flipping.run(async () => {
      await account.settings.update({ [key]: value });
      if (key === 'desktopNotifications' && value && typeof Notification !== 'undefined' && Notification.permission === 'default') {
        await Notification.requestPermission();
      }
    });

  return (
    <section className="card">
      <h2>Notifications</h2>
      {SWITCHES.map(({ key, label }) => (
        <label key={key} className="switch-row">
          <input type="checkbox" role="switch" checked={settings?.[key] ?? true} disabled={!settings} onChange={(e) => void flip(key, e.target.checked)} />
          <span>{label}</span>
        </label>
      ))}
      {loading.error && !settings ? <p className="form-error">{loading.error}</p> : null}
    </section>
  );
}
