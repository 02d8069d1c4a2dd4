import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Conversation, Friend } from '../../../../shared/api/social.js';
import { deleteMessage, editMessage, markRead, readPosition, sendMessage, type MessageView } from '../../../../shared/doc/index.js';
import { errorMessage } from '../../api/http.js';
import { Avatar } from '../../components/Avatar.js';
import { Icon } from '../../components/Icon.js';
import { SyncBadge } from '../../components/SyncBadge.js';
import { useConversationSync, useMessages, useSyncStatus, useTyping } from '../../hooks/use-conversation.js';
import { useResource } from '../../hooks/use-resource.js';
import { conversationTitle, displayName, otherMember } from '../../lib/names.js';
import { toast } from '../../lib/toast.js';
import { deviceId, writeCache } from '../../session/local-data.js';
import type { Account } from '../../session/session.js';
import { Composer } from './Composer.js';
import { GroupPanel } from './GroupPanel.js';
import { MessageList } from './MessageList.js';

interface Props {
  account: Account;
  conversationId: string;
  /** The conversation as the list has it (null until the list knows it). */
  listed: Conversation | null;
  friends: Friend[];
  onChanged(): Promise<void>;
}

/** One conversation: header with the sync indicator, messages, composer, and the group panel. */
export function ChatView({ account, conversationId, listed, friends, onChanged }: Props) {
  const selfId = account.userId;
  const fetched = useResource<Conversation>(() => account.social.conversation(conversationId), [account, conversationId], {
    cache: { userId: selfId, key: `conversation.${conversationId}` },
  });
  const conversation = listed ?? fetched.data;
  const members = useMemo(() => conversation?.members ?? [], [conversation]);
  const sync = useConversationSync(account, conversationId);
  const { messages, version } = useMessages(sync);
  const { state, pending } = useSyncStatus(sync);
  const typing = useTyping(sync, selfId);
  const [replyTo, setReplyTo] = useState<MessageView | null>(null);
  const [editing, setEditing] = useState<MessageView | null>(null);
  const [panel, setPanel] = useState(false);
  const lastTyping = useRef(0);

  // Reading: move this device's read position to the newest message while the chat is in front.
  useEffect(() => {
    const last = messages.at(-1);
    if (!sync || !last || document.visibilityState !== 'visible') return;
    try {
      markRead(sync.doc, { userId: selfId, messageId: last.id, device: deviceId() });
    } catch {
      // a message we cannot anchor to (not yet in order): the next change retries
    }
  }, [sync, messages, selfId]);

  // The list shows the newest message; until the server reports it, this device's copy tells.
  useEffect(() => {
    const last = messages.at(-1);
    if (last) writeCache(selfId, `last.${conversationId}`, { id: last.id, author: last.author, text: last.deleted ? 'Message deleted' : last.text, createdAt: new Date(last.createdAt).toISOString() });
  }, [messages, selfId, conversationId]);

  const readIndex = useMemo(() => {
    if (!sync) return -1;
    return Math.max(-1, ...members.filter((m) => m.id !== selfId).map((m) => readPosition(sync.doc, m.id)?.index ?? -1));
    // `version` changes with every doc update, receipts included
  }, [sync, members, selfId, version]);

  const send = useCallback(
    (text: string, mentions: string[]) => {
      if (!sync) return;
      try {
        const m = sendMessage(sync.doc, { author: selfId, text, ...(replyTo ? { replyTo: replyTo.id } : {}), ...(mentions.length ? { mentions } : {}) });
        if (sync.state.get().kind !== 'online') sync.pending.add(m.id);
        sync.provider.awareness.setLocalStateField('typing', null);
        setReplyTo(null);
      } catch (err) {
        toast(errorMessage(err), 'error');
      }
    },
    [sync, selfId, replyTo],
  );

  const saveEdit = useCallback(
    (text: string) => {
      if (!sync || !editing) return;
      try {
        editMessage(sync.doc, { messageId: editing.id, userId: selfId, text });
      } catch (err) {
        toast(errorMessage(err), 'error');
      }
      setEditing(null);
    },
    [sync, editing, selfId],
  );

  const remove = useCallback(
    (m: MessageView) => {
      if (!sync || !confirm('Delete this message for everyone?')) return;
      try {
        deleteMessage(sync.doc, { messageId: m.id, userId: selfId });
      } catch (err) {
        toast(errorMessage(err), 'error');
      }
    },
    [sync, selfId],
  );

  const onTyping = useCallback(() => {
    const now = Date.now();
    if (!sync || now - lastTyping.current < 2000) return;
    lastTyping.current = now;
    sync.provider.awareness.setLocalStateField('typing', now);
  }, [sync]);

  const onReply = useCallback((m: MessageView) => {
    setEditing(null);
    setReplyTo(m);
  }, []);
  const onEdit = useCallback((m: MessageView) => {
    setReplyTo(null);
    setEditing(m);
  }, []);
  const onCancel = useCallback(() => {
    setEditing(null);
    setReplyTo(null);
  }, []);
  const isRead = useCallback((index: number) => index <= readIndex, [readIndex]);

  const title = conversation ? conversationTitle(conversation, selfId) : 'Conversation';
  const other = conversation?.type === 'direct' ? otherMember(conversation, selfId) : undefined;
  const otherOnline = other ? friends.some((f) => f.user.id === other.id && f.online) : undefined;
  const typingNames = typing.map((id) => displayName(members.find((m) => m.id === id) ?? { username: 'Someone', displayName: null }));
  const disabled =
    state.kind === 'stopped'
      ? 'This conversation no longer syncs.'
      : conversation?.type === 'direct' && conversation.closed
        ? 'You are no longer friends, so this conversation is read-only.'
        : null;

  return (
    <div className="chat" data-testid="chat">
      <header className="chat-header">
        <Avatar id={other?.id ?? conversationId} name={title} online={otherOnline} />
        <div className="chat-title">
          <h2 data-testid="chat-title">{title}</h2>
          <span className="muted">
            {conversation?.type === 'group' ? `${members.length} members` : otherOnline ? 'Online' : other ? `@${other.username}` : ''}
          </span>
        </div>
        <SyncBadge state={state} />
        {conversation?.type === 'group' ? (
          <button className={`icon-button${panel ? ' active' : ''}`} onClick={() => setPanel(!panel)} title="Group info" aria-label="Group info" aria-expanded={panel}>
            <Icon name="info" />
          </button>
        ) : null}
      </header>
      {state.kind === 'stopped' ? (
        <div className="banner warning" role="alert" data-testid="sync-stopped">
          {state.reason}
        </div>
      ) : state.kind === 'offline' ? (
        <div className="banner" role="status">
          You are offline. Messages you write are kept on this device and sent when you are back online.
        </div>
      ) : null}
      <div className="chat-body">
        <div className="chat-main">
          <MessageList messages={messages} selfId={selfId} members={members} pending={pending} isRead={isRead} onReply={onReply} onEdit={onEdit} onDelete={remove} />
          <div className="typing muted" aria-live="polite">
            {typingNames.length ? `${typingNames.join(', ')} ${typingNames.length > 1 ? 'are' : 'is'} typing…` : ''}
          </div>
          <Composer members={members} selfId={selfId} replyTo={replyTo} editing={editing} disabled={disabled} onSend={send} onSaveEdit={saveEdit} onCancel={onCancel} onTyping={onTyping} />
        </div>
        {panel && conversation?.type === 'group' ? <GroupPanel account={account} group={conversation} friends={friends} onChanged={onChanged} onClose={() => setPanel(false)} /> : null}
      </div>
    </div>
  );
}
