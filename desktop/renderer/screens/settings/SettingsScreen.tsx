import { Icon } from '../../components/Icon.js';
import type { Account, Session } from '../../session/session.js';
import { MfaSection } from './MfaSection.js';
import { NotificationSettingsSection } from './NotificationSettingsSection.js';
import { ProfileSection } from './ProfileSection.js';

/** Profile, notification switches, two-factor authentication, and logging out. */
export function SettingsScreen({ account, session }: { account: Account; session: Session }) {
  return (
    <div className="page narrow">
      <h1>Settings</h1>
      <ProfileSection account={account} />
      <NotificationSettingsSection account={account} />
      <MfaSection account={account} />
      <section className="card">
        <h2>This device</h2>
        <p className="muted">
          Connected to <code>{account.serverUrl}</code>. Logging out removes this account's messages and data from this device.
        </p>
        <button className="danger" onClick={() => void session.logout()}>
          <Icon name="logout" size={16} /> Log out
        </button>
      </section>
    </div>
  );
}
