import { useMemo } from 'react';
import type { Conversation, Friend } from '../../../../shared/api/social.js';
import { Icon } from '../../components/Icon.js';
import { useOnInboxSignal } from '../../hooks/use-inbox-signals.js';
import { Link, navigate } from '../../hooks/use-route.js';
import { useResource } from '../../hooks/use-resource.js';
import { useAttempt } from '../../hooks/use-submit.js';
import { chatPath } from '../../lib/routes.js';
import type { Store } from '../../lib/store.js';
import type { Account } from '../../session/session.js';
import type { SignalCounts } from '../../sync/inbox-signals.js';
import { ChatView } from './ChatView.js';
import { ConversationList } from './ConversationList.js';
import { latestMessagesOf } from './latest-messages.js';
import { OnlineFriends } from './OnlineFriends.js';

/**
 * The conversation list beside the open chat (or an empty state). Both lists are live without
 * polling: the server signals changes through the inbox; focus, the network returning and the
 * inbox reconnecting refetch too.
 */
export function ChatsScreen({ account, conversationId, signals }: { account: Account; conversationId: string | null; signals: Store<SignalCounts> }) {
  const cache = (key: string) => ({ userId: account.userId, key });
  const conversations = useResource<Conversation[]>(() => account.social.conversations(), [account], { cache: cache('conversations') });
  const friends = useResource<Friend[]>(() => account.social.friends(), [account], { cache: cache('friends') });
  useOnInboxSignal(signals, 'conversations', conversations.reload);
  useOnInboxSignal(signals, 'friends', friends.reload);
  const onlineIds = useMemo(() => new Set((friends.data ?? []).filter((f) => f.online).map((f) => f.user.id)), [friends.data]);
  const active = conversations.data?.find((c) => c.id === conversationId) ?? null;
  const latest = latestMessagesOf(account);

  const { run } = useAttempt('toast');
  const openDirect = (username: string) =>
    run(async () => {
      const c = await account.social.openDirect(username);
      await conversations.reload();
      navigate(chatPath(c.id));
    });

  return (
    <div className="chats">
      <aside className="sidebar">
        <header className="sidebar-header">
          <h1>Chats</h1>
          <Link to="/groups/new" className="icon-button" title="New group" aria-label="New group">
            <Icon name="plus" />
          </Link>
        </header>
        <OnlineFriends friends={friends.data ?? []} onOpen={openDirect} />
        {conversations.error && !conversations.data ? <p className="form-error">{conversations.error}</p> : null}
        <ConversationList conversations={conversations.data ?? []} selfId={account.userId} activeId={conversationId} onlineIds={onlineIds} latest={latest} />
      </aside>
      <main className="chat-area">
        {conversationId ? (
          <ChatView key={conversationId} account={account} conversationId={conversationId} listed={active} friends={friends.data ?? []} latest={latest} onChanged={conversations.reload} />
        ) : (
          <div className="placeholder">
            <Icon name="chat" size={48} />
            <p>Pick a conversation, or message an online friend.</p>
          </div>
        )}
      </main>
    </div>
  );
}
