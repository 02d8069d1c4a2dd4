import type { UserSettings } from '../../../../shared/api/social.js';
import { errorMessage } from '../../api/http.js';
import { useResource } from '../../hooks/use-resource.js';
import { toast } from '../../lib/toast.js';
import type { Account } from '../../session/session.js';

const SWITCHES: Array<{ key: keyof UserSettings; label: string }> = [
  { key: 'emailFriendRequests', label: 'Email me about friend requests' },
  { key: 'emailMissedMessages', label: 'Email me about messages I missed' },
  { key: 'desktopNotifications', label: 'Show desktop notifications' },
];

/** The server-side notification switches. */
export function NotificationSettingsSection({ account }: { account: Account }) {
  const settings = useResource<UserSettings>(() => account.social.settings(), [account], { cache: { userId: account.userId, key: 'settings' } });

  const flip = async (key: keyof UserSettings, value: boolean) => {
    try {
      await account.social.updateSettings({ [key]: value });
      await settings.reload();
      if (key === 'desktopNotifications' && value && typeof Notification !== 'undefined' && Notification.permission === 'default') {
        await Notification.requestPermission();
      }
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };

  return (
    <section className="card">
      <h2>Notifications</h2>
      {SWITCHES.map(({ key, label }) => (
        <label key={key} className="switch-row">
          <input type="checkbox" role="switch" checked={settings.data?.[key] ?? true} disabled={!settings.data} onChange={(e) => flip(key, e.target.checked)} />
          <span>{label}</span>
        </label>
      ))}
      {settings.error ? <p className="form-error">{settings.error}</p> : null}
    </section>
  );
}
