import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Conversation, Friend } from '../../../../shared/api/social.js';
import { deleteMessage, editMessage, sendMessage, type AttachmentRecord, type MessageView } from '../../../../shared/doc/index.js';
import { errorMessage } from '../../api/http.js';
import { Avatar } from '../../components/Avatar.js';
import { Icon } from '../../components/Icon.js';
import { SyncBadge } from '../../components/SyncBadge.js';
import { useChatMarks } from '../../hooks/use-chat-marks.js';
import { useChatNotifications } from '../../hooks/use-chat-notifications.js';
import { useConversationSync, useSyncStatus } from '../../hooks/use-conversation.js';
import { useReceiptWriter } from '../../hooks/use-receipt-writer.js';
import { useResource } from '../../hooks/use-resource.js';
import { useTimeline } from '../../hooks/use-timeline.js';
import { useTyping } from '../../hooks/use-typing.js';
import { conversationTitle, nameAmong, otherMember } from '../../lib/names.js';
import { toast } from '../../lib/toast.js';
import type { Account } from '../../session/session.js';
import { Composer } from './Composer.js';
import { GroupPanel } from './GroupPanel.js';
import { lastMessageOf, reportLatest, type LatestMessages } from './latest-messages.js';
import { MessageList } from './MessageList.js';

/** Runs a write into the local doc; one the doc helpers refuse (e.g. too long) is said in a toast. */
function writeOrSay(write: () => void): void {
  try {
    write();
  } catch (err) {
    toast(errorMessage(err), 'error');
  }
}

interface Props {
  account: Account;
  conversationId: string;
  /** The conversation as the list has it (null until the list knows it). */
  listed: Conversation | null;
  friends: Friend[];
  /** Where this chat tells the conversation list its newest message. */
  latest: LatestMessages;
  onChanged(): Promise<void>;
}

/** One conversation: header with the sync indicator, messages, composer, and the group panel. */
export function ChatView({ account, conversationId, listed, friends, latest, onChanged }: Props) {
  const selfId = account.userId;
  const fetched = useResource<Conversation>(() => account.social.conversation(conversationId), [account, conversationId], {
    cache: { userId: selfId, key: `conversation.${conversationId}` },
  });
  const conversation = listed ?? fetched.data;
  const members = useMemo(() => conversation?.members ?? [], [conversation]);
  const sync = useConversationSync(account, conversationId);
  const tl = useTimeline(sync);
  const { timeline, version } = tl;
  const { state, pending } = useSyncStatus(sync);
  const marks = useChatMarks(sync, tl, selfId, members, pending);
  const onSeen = useReceiptWriter(sync, timeline, { version, loaded: tl.loaded, canWrite: state.kind !== 'syncing', selfId });
  const nameOf = useCallback((id: string) => nameAmong(members, id, 'Someone'), [members]);
  useChatNotifications(account, sync, timeline, { conversationId, groupName: conversation?.type === 'group' ? conversation.name : undefined, nameOf });
  const typing = useTyping(sync, selfId);
  const [replyTo, setReplyTo] = useState<MessageView | null>(null);
  const [editing, setEditing] = useState<MessageView | null>(null);
  const [panel, setPanel] = useState(false);
  const lastTyping = useRef(0);

  // The list shows the newest message; until the server reports it, this device's copy tells.
  useEffect(() => {
    const last = timeline?.at(-1);
    if (last) reportLatest(latest, conversationId, lastMessageOf(last));
  }, [timeline, version, latest, conversationId]);

  const send = useCallback(
    (text: string, mentions: string[], attachments: AttachmentRecord[] = []) => {
      if (!sync) return;
      writeOrSay(() => {
        const m = sendMessage(sync.doc, { author: selfId, text, ...(replyTo ? { replyTo: replyTo.id } : {}), ...(mentions.length ? { mentions } : {}), ...(attachments.length ? { attachments } : {}) });
        if (sync.state.get().kind !== 'online') sync.pending.add(m.id);
        sync.provider.awareness.setLocalStateField('typing', null);
        setReplyTo(null);
      });
    },
    [sync, selfId, replyTo],
  );

  const saveEdit = useCallback(
    (text: string) => {
      if (!sync || !editing) return;
      writeOrSay(() => editMessage(sync.doc, { messageId: editing.id, userId: selfId, text }));
      setEditing(null);
    },
    [sync, editing, selfId],
  );

  const remove = useCallback(
    (m: MessageView) => {
      if (!sync || !confirm('Delete this message for everyone?')) return;
      writeOrSay(() => deleteMessage(sync.doc, { messageId: m.id, userId: selfId }));
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

  const title = conversation ? conversationTitle(conversation, selfId) : 'Conversation';
  const other = conversation?.type === 'direct' ? otherMember(conversation, selfId) : undefined;
  const otherOnline = other ? friends.some((f) => f.user.id === other.id && f.online) : undefined;
  const typingNames = typing.map(nameOf);
  const disabled =
    state.kind === 'stopped'
      ? 'This conversation no longer syncs.'
      : conversation?.type === 'direct' && conversation.closed
        ? 'You are no longer friends, so this conversation is read-only.'
        : null;

  return (
    <div className="chat" data-testid="chat">
      <header className="chat-header">
        <Avatar id={other?.id ?? conversationId} name={title} avatarId={conversation?.type === 'group' ? conversation.avatarId : other?.avatarId} online={otherOnline} />
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
          {timeline ? (
            <MessageList timeline={timeline} version={version} selfId={selfId} members={members} pending={pending} unread={marks.unread} delivery={marks.delivery} onSeen={onSeen} onReply={onReply} onEdit={onEdit} onDelete={remove} />
          ) : (
            <div className="messages-frame" />
          )}
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
