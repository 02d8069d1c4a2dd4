import { useState, type FormEvent } from 'react';
import type { Friend, GroupConversation, Member } from '../../../../shared/api/social.js';
import { Avatar } from '../../components/Avatar.js';
import { Icon } from '../../components/Icon.js';
import { useMedia } from '../../components/media.js';
import { PicturePicker } from '../../components/PicturePicker.js';
import { navigate } from '../../hooks/use-route.js';
import { useAttempt } from '../../hooks/use-submit.js';
import { displayName } from '../../lib/names.js';
import { toast } from '../../lib/toast.js';
import type { Account } from '../../session/session.js';

interface Props {
  account: Account;
  group: GroupConversation;
  friends: Friend[];
  onChanged(): Promise<void>;
  onClose(): void;
}

/** Group details: picture, rename, members and roles, add and remove, leave. Owners and admins manage it. */
export function GroupPanel({ account, group, friends, onChanged, onClose }: Props) {
  const selfId = account.userId;
  const myRole = group.members.find((m) => m.id === selfId)?.role ?? 'member';
  const manager = myRole === 'owner' || myRole === 'admin';
  const [name, setName] = useState(group.name);
  const media = useMedia();
  const [adding, setAdding] = useState('');
  const candidates = friends.filter((f) => !group.members.some((m) => m.id === f.user.id));

  const { run } = useAttempt('toast');
  const act = (what: () => Promise<unknown>, done?: string) =>
    run(async () => {
      await what();
      await onChanged();
      if (done) toast(done);
    });

  const rename = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() && name.trim() !== group.name) void act(() => account.social.renameGroup(group.id, name.trim()), 'Group renamed');
  };

  const mayRemove = (m: Member) => m.id !== selfId && m.role !== 'owner' && (myRole === 'owner' || (myRole === 'admin' && m.role === 'member'));

  return (
    <aside className="group-panel" aria-label="Group details" data-testid="group-panel">
      <header>
        <h3>Group details</h3>
        <button className="icon-button small" onClick={onClose} aria-label="Close">
          <Icon name="close" size={16} />
        </button>
      </header>
      {manager && media ? (
        <PicturePicker id={group.id} name={group.name} avatarId={group.avatarId} what="group picture"
          onPick={async (file) => {
            await media.avatars.setGroup(group.id, file);
            await onChanged();
          }}
          onRemove={async () => {
            await media.avatars.removeGroup(group.id);
            await onChanged();
          }} />
      ) : (
        <Avatar id={group.id} name={group.name} avatarId={group.avatarId} size={64} />
      )}
      {manager ? (
        <form onSubmit={rename} className="row">
          <input aria-label="Group name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          <button disabled={!name.trim() || name.trim() === group.name}>Rename</button>
        </form>
      ) : (
        <p className="group-name">{group.name}</p>
      )}
      <h4 className="section-title">Members · {group.members.length}</h4>
      <ul className="member-list" role="list">
        {group.members.map((m) => (
          <li key={m.id}>
            <Avatar id={m.id} name={displayName(m)} avatarId={m.avatarId} size={28} />
            <span className="member-name">
              {displayName(m)}
              {m.id === selfId ? ' (you)' : ''}
            </span>
            {m.role !== 'member' ? <span className={`role role-${m.role}`}>{m.role}</span> : null}
            {myRole === 'owner' && m.id !== selfId ? (
              <button className="link" onClick={() => act(() => account.social.setRole(group.id, m.id, m.role === 'admin' ? 'member' : 'admin'))}>
                {m.role === 'admin' ? 'Make member' : 'Make admin'}
              </button>
            ) : null}
            {mayRemove(m) ? (
              <button className="link danger" onClick={() => act(() => account.social.removeMember(group.id, m.id), `${displayName(m)} removed`)}>
                Remove
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {manager && candidates.length > 0 ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (adding) void act(() => account.social.addMember(group.id, adding), 'Member added').then(() => setAdding(''));
          }}
        >
          <select aria-label="Friend to add" value={adding} onChange={(e) => setAdding(e.target.value)}>
            <option value="">Add a friend…</option>
            {candidates.map((f) => (
              <option key={f.user.id} value={f.user.username}>
                {displayName(f.user)}
              </option>
            ))}
          </select>
          <button disabled={!adding}>Add</button>
        </form>
      ) : null}
      <button
        className="danger wide"
        onClick={() => {
          if (confirm(`Leave ${group.name}?`)) void act(() => account.social.leaveGroup(group.id)).then(() => navigate('/'));
        }}
      >
        Leave group
      </button>
    </aside>
  );
}
