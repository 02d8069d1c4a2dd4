import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Member } from '../../../../shared/api/social.js';
import { MAX_TEXT_LENGTH, type MessageView } from '../../../../shared/doc/index.js';
import { Icon } from '../../components/Icon.js';
import { displayName } from '../../lib/names.js';

export interface ComposerProps {
  members: Member[];
  selfId: string;
  replyTo: MessageView | null;
  editing: MessageView | null;
  disabled: string | null;
  onSend(text: string, mentions: string[]): void;
  onSaveEdit(text: string): void;
  onCancel(): void;
  onTyping(): void;
}

/** The `@prefix` being typed right before the caret, or null. */
function mentionQuery(text: string, caret: number): string | null {
  const match = /(?:^|\s)@([\w.-]*)$/.exec(text.slice(0, caret));
  return match ? match[1]!.toLowerCase() : null;
}

/** Ids of members whose `@username` appears in `text`. */
function mentionedIds(text: string, members: Member[]): string[] {
  return members.filter((m) => new RegExp(`(^|\\s)@${m.username.replace(/[.-]/g, '\\$&')}(?![\\w.-])`).test(text)).map((m) => m.id);
}

/** Writing box: Enter sends, Shift+Enter breaks the line; `@` suggests members; also edits and replies. */
export function Composer({ members, selfId, replyTo, editing, disabled, onSend, onSaveEdit, onCancel, onTyping }: ComposerProps) {
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [choice, setChoice] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);

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
    if (!value || disabled) return;
    if (editing) onSaveEdit(value);
    else onSend(value, mentionedIds(value, members.filter((m) => m.id !== selfId)));
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
    <div className="composer">
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
      <div className="composer-row">
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
        />
        <button className="send primary" onClick={submit} disabled={!text.trim()} aria-label={editing ? 'Save' : 'Send'} title={editing ? 'Save' : 'Send'}>
          <Icon name={editing ? 'check' : 'send'} />
        </button>
      </div>
    </div>
  );
}
