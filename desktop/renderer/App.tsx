import { useEffect } from 'react';
import { inboxRoom } from '../../shared/doc/inbox.js';
import { MediaProvider } from './components/media.js';
import { Toasts } from './components/Toasts.js';
import { useConversationSync } from './hooks/use-conversation.js';
import { useInboxSignals } from './hooks/use-inbox-signals.js';
import { navigate, usePath } from './hooks/use-route.js';
import { useStore } from './hooks/use-store.js';
import { matchRoute, Routes } from './lib/routes.js';
import type { Platform } from './platform/contract.js';
import { LoginScreen } from './screens/auth/LoginScreen.js';
import { RegisterScreen } from './screens/auth/RegisterScreen.js';
import { ServerScreen } from './screens/auth/ServerScreen.js';
import { VerifyScreen } from './screens/auth/VerifyScreen.js';
import { ChatsScreen } from './screens/chats/ChatsScreen.js';
import { FriendsScreen } from './screens/friends/FriendsScreen.js';
import { NewGroupScreen } from './screens/groups/NewGroupScreen.js';
import { NotificationsScreen } from './screens/notifications/NotificationsScreen.js';
import { useNotifications } from './screens/notifications/use-notifications.js';
import { SettingsScreen } from './screens/settings/SettingsScreen.js';
import { AdminConversationScreen } from './screens/admin/AdminConversationScreen.js';
import { AdminScreen } from './screens/admin/AdminScreen.js';
import { Shell } from './screens/Shell.js';
import type { Account, Session } from './session/session.js';

const AUTH_PATHS: readonly string[] = [Routes.setup, Routes.register, Routes.verify, Routes.login];

function SignedOut({ session, serverUrl, notice }: { session: Session; serverUrl: string | null; notice?: string }) {
  const path = usePath().split('?')[0]!;
  useEffect(() => {
    if (!serverUrl && path !== Routes.setup) navigate(Routes.setup, { replace: true });
    else if (!AUTH_PATHS.includes(path)) navigate(Routes.login, { replace: true });
  }, [path, serverUrl]);
  if (path === Routes.setup) return <ServerScreen session={session} initial={serverUrl} />;
  if (path === Routes.register) return <RegisterScreen session={session} />;
  if (path === Routes.verify) return <VerifyScreen session={session} />;
  return <LoginScreen session={session} notice={notice} />;
}

function SignedIn({ session, account, platform }: { session: Session; account: Account; platform: Platform }) {
  const path = usePath();
  // The inbox stays open while signed in: notifications, and the server's "your lists changed" signals.
  const inbox = useConversationSync(account, inboxRoom(account.userId));
  const feed = useNotifications(account, inbox, platform);
  const signals = useInboxSignals(inbox);
  useEffect(() => {
    if (AUTH_PATHS.includes(path.split('?')[0]!)) navigate(Routes.chats, { replace: true });
  }, [path]);
  const chat = matchRoute(Routes.chat, path);
  const isAdmin = useStore(account.me).isAdmin;
  const adminConversation = matchRoute(Routes.adminConversation, path);
  let screen;
  if (matchRoute(Routes.friends, path)) screen = <FriendsScreen account={account} signals={signals} />;
  else if (matchRoute(Routes.newGroup, path)) screen = <NewGroupScreen account={account} />;
  else if (matchRoute(Routes.notifications, path)) screen = <NotificationsScreen account={account} feed={feed} />;
  else if (matchRoute(Routes.settings, path)) screen = <SettingsScreen account={account} session={session} />;
  else if (isAdmin && matchRoute(Routes.admin, path)) screen = <AdminScreen account={account} />;
  else if (isAdmin && adminConversation) screen = <AdminConversationScreen account={account} conversationId={adminConversation.id!} />;
  else screen = <ChatsScreen account={account} conversationId={chat?.id ?? null} signals={signals} />;
  return (
    <MediaProvider account={account}>
      <Shell account={account} unread={feed?.unreadCount ?? 0}>
        {screen}
      </Shell>
    </MediaProvider>
  );
}

/** The whole app: sign-in screens or the signed-in shell, by session state. */
export function App({ session, platform }: { session: Session; platform: Platform }) {
  const state = useStore(session.state);
  return (
    <>
      {state.phase === 'loading' ? <div className="splash" aria-busy="true" /> : null}
      {state.phase === 'signed-out' ? <SignedOut session={session} serverUrl={state.serverUrl} notice={state.notice} /> : null}
      {state.phase === 'signed-in' ? <SignedIn key={state.account.userId} session={session} account={state.account} platform={platform} /> : null}
      <Toasts />
    </>
  );
}
