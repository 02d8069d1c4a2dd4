import { Icon } from '../../components/Icon.js';
import { useResource } from '../../hooks/use-resource.js';
import type { Account, Session } from '../../session/session.js';
import { DeactivateSection } from './DeactivateSection.js';
import { EmailSection } from './EmailSection.js';
import { MfaSection } from './MfaSection.js';
import { NotificationSettingsSection } from './NotificationSettingsSection.js';
import { PasswordSection } from './PasswordSection.js';
import { ProfileSection } from './ProfileSection.js';
import { SessionsSection, type SessionInfo } from './SessionsSection.js';

/** Profile, notifications, sign-in and security (password, email, two-factor, devices), logging out, and deactivation. */
export function SettingsScreen({ account, session }: { account: Account; session: Session }) {
  const sessions = useResource<SessionInfo[]>(() => account.accounts.sessions(), [account]);
  return (
    <div className="page narrow">
      <h1>Settings</h1>
      <ProfileSection account={account} />
      <NotificationSettingsSection account={account} />
      <PasswordSection account={account} onChanged={() => void sessions.reload()} />
      <EmailSection account={account} />
      <MfaSection account={account} />
      <SessionsSection account={account} sessions={sessions} />
      <section className="card">
        <h2>This device</h2>
        <p className="muted">
          Connected to <code>{account.serverUrl}</code>. Logging out removes this account's messages and data from this device.
        </p>
        <button className="danger" onClick={() => void session.logout()}>
          <Icon name="logout" size={16} /> Log out
        </button>
      </section>
      <DeactivateSection account={account} session={session} />
    </div>
  );
}
