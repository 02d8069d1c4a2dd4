import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Member } from '../../../../shared/api/social.js';
import { MAX_TEXT_LENGTH, type AttachmentRecord, type MessageView } from '../../../../shared/doc/index.js';
import { Icon } from '../../components/Icon.js';
import { useMedia } from '../../components/media.js';
import { useOnline } from '../../hooks/use-online.js';
import { displayName } from '../../lib/names.js';
import { UploadStrip } from './UploadStrip.js';
import { mentionedIds } from './mentions.js';
import { messageText } from './uploads.js';
import { useUploads } from './use-uploads.js';

export interface ComposerProps {
  members: Member[];
  selfId: string;
  replyTo: MessageView | null;
  editing: MessageView | null;
  disabled: string | null;
  /** `attachments` are uploaded files (empty when none); `text` names them when there is no caption. */
  onSend(text: string, mentions: string[], attachments: AttachmentRecord[]): void;
  onSaveEdit(text: string): void;
  onCancel(): void;
  onTyping(): void;
}

/** The `@prefix` being typed right before the caret, or null. */
function mentionQuery(text: string, caret: number): string | null {
  const match = /(?:^|\s)@([\w.-]*)$/.exec(text.slice(0, caret));
  return match ? match[1]!.toLowerCase() : null;
}

/** Files carried by a drop or a paste. */
function filesOf(data: DataTransfer | null): File[] {
  return data ? [...data.files] : [];
}

const OFFLINE_HINT = 'You are offline: files can be attached once you are back online. Text messages still work.';

/**
 * Writing box: Enter sends, Shift+Enter breaks the line; `@` suggests members; also edits and
 * replies. Files (picked, dropped or pasted) upload at once with progress; attaching needs a
 * connection, so it is off while offline, with a hint, instead of queueing uploads.
 */
export function Composer({ members, selfId, replyTo, editing, disabled, onSend, onSaveEdit, onCancel, onTyping }: ComposerProps) {
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [choice, setChoice] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const media = useMedia();
  const online = useOnline();
  const uploads = useUploads(media?.attachments ?? null);
  const [hint, setHint] = useState<string | null>(null);
  const canAttach = Boolean(media) && online && !editing;
  const stuck = uploads.busy || uploads.items.some((u) => u.status === 'failed');
  const notice = hint ?? uploads.notice;

  useEffect(() => {
    if (online) setHint(null);
  }, [online]);

  const refusal = editing ? 'Files cannot be added while editing a message.' : OFFLINE_HINT;
  const attach = (files: File[]) => {
    if (files.length === 0) return;
    if (!canAttach) return setHint(refusal);
    setHint(null);
    uploads.add(files);
  };

  useEffect(() => {
    setText(editing ? editing.text : '');
    if (editing || replyTo) box.current?.focus();
  }, [editing, replyTo]);

  const query = mentionQuery(text, caret);
  const suggestions =
    query === null ? [] : members.filter((m) => m.id !== selfId && (m.username.startsWith(query) || (m.displayName ?? '').toLowerCase().startsWith(query))).slice(0, 6);

  const insertMention = (m: Member) => {
    const before = text.slice(0, caret).replace(/@[\w.-]*$/, `@${m.username} `);
    const next = before + text.slice(caret);
    setText(next);
    setCaret(before.length);
    requestAnimationFrame(() => box.current?.setSelectionRange(before.length, before.length));
  };

  const submit = () => {
    const value = text.trim();
    if (disabled || stuck || (editing ? !value : !value && uploads.ready.length === 0)) return;
    if (editing) onSaveEdit(value);
    else {
      onSend(messageText(value, uploads.ready), mentionedIds(value, members.filter((m) => m.id !== selfId)), uploads.ready);
      uploads.clear();
    }
    setText('');
    setCaret(0);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (suggestions.length > 0 && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      setChoice((c) => (c + (e.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
    } else if (suggestions.length > 0 && (e.key === 'Tab' || e.key === 'Enter')) {
      e.preventDefault();
      insertMention(suggestions[Math.min(choice, suggestions.length - 1)]!);
    } else if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submit();
    } else if (e.key === 'Escape' && (editing || replyTo)) {
      onCancel();
    }
  };

  if (disabled) return <div className="composer disabled">{disabled}</div>;

  return (
    <div
      className="composer"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        if (!e.dataTransfer.files.length) return;
        e.preventDefault();
        attach(filesOf(e.dataTransfer));
      }}
    >
      {replyTo || editing ? (
        <div className="composer-context">
          <span>
            {editing ? 'Editing your message' : `Replying to ${displayName(members.find((m) => m.id === replyTo?.author) ?? { username: 'message', displayName: null })}: `}
            {!editing && replyTo ? <em>{replyTo.text.slice(0, 80)}</em> : null}
          </span>
          <button className="icon-button small" onClick={onCancel} aria-label="Cancel">
            <Icon name="close" size={16} />
          </button>
        </div>
      ) : null}
      {suggestions.length > 0 ? (
        <ul className="mention-suggestions" role="listbox">
          {suggestions.map((m, i) => (
            <li key={m.id} role="option" aria-selected={i === choice}>
              <button onMouseDown={(e) => {
                  e.preventDefault(); // keep the focus in the text box
                  insertMention(m);
                }}>
                <strong>{displayName(m)}</strong> <span className="muted">@{m.username}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <UploadStrip uploads={uploads} />
      {notice ? (
        <p className="composer-hint" role="status" data-testid="composer-hint">
          {notice}
        </p>
      ) : null}
      <div className="composer-row">
        <input ref={picker} type="file" multiple hidden data-testid="attach-input" onChange={(e) => {
            attach([...(e.target.files ?? [])]);
            e.target.value = ''; // picking the same file again fires a change
          }} />
        <button className="icon-button attach" type="button" onClick={() => (canAttach ? picker.current?.click() : setHint(refusal))}
          aria-disabled={!canAttach} aria-label="Attach files" title={canAttach ? 'Attach files' : refusal}>
          <Icon name="attach" />
        </button>
        <textarea
          ref={box}
          rows={1}
          placeholder="Write a message"
          aria-label="Message"
          maxLength={MAX_TEXT_LENGTH}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
            setChoice(0);
            onTyping();
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            const files = filesOf(e.clipboardData);
            if (files.length === 0) return; // plain text pastes as usual
            e.preventDefault();
            attach(files);
          }}
        />
        <button className="send primary" onClick={submit} disabled={stuck || (!text.trim() && (editing !== null || uploads.ready.length === 0))} aria-label={editing ? 'Save' : 'Send'} title={editing ? 'Save' : 'Send'}>
          <Icon name={editing ? 'check' : 'send'} />
        </button>
      </div>
    </div>
  );
}
