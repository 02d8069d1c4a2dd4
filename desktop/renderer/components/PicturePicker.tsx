import { useRef } from 'react';
import { useOnline } from '../hooks/use-online.js';
import { useAttempt } from '../hooks/use-submit.js';
import { PICTURE_ACCEPT } from '../lib/files.js';
import { Avatar } from './Avatar.js';
import { FormError } from './Field.js';

interface Props {
  /** The person or group the picture is of (its colour and initials while there is none). */
  id: string;
  name: string;
  avatarId: string | null;
  /** What the buttons say it is, e.g. "profile picture". */
  what: string;
  onPick(file: File): Promise<void>;
  onRemove(): Promise<void>;
}

/** A profile or group picture with "change" and "remove"; errors (wrong type, too large) show below. */
export function PicturePicker({ id, name, avatarId, what, onPick, onRemove }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const online = useOnline();
  const { busy, error, run } = useAttempt();

  return (
    <div className="stack picture-block">
      <div className="picture-picker" data-testid="picture-picker">
        <Avatar id={id} name={name} avatarId={avatarId} size={64} />
        <div className="actions">
          <input ref={input} type="file" accept={PICTURE_ACCEPT} hidden aria-label={`Choose a ${what}`} onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void run(() => onPick(file));
            }} />
          <button type="button" onClick={() => input.current?.click()} disabled={busy || !online} title={online ? undefined : 'Needs a connection'}>
            {busy ? 'Saving…' : avatarId ? `Change ${what}` : `Add a ${what}`}
          </button>
          {avatarId ? (
            <button type="button" className="danger" onClick={() => void run(onRemove)} disabled={busy || !online}>
              Remove {what}
            </button>
          ) : null}
        </div>
      </div>
      <FormError message={error} />
    </div>
  );
}
