import { useState } from 'react';
import type { Friend } from '../../../../shared/api/social.js';
import { Avatar } from '../../components/Avatar.js';
import { Field } from '../../components/Field.js';
import { SubmitForm } from '../../components/SubmitForm.js';
import { navigate } from '../../hooks/use-route.js';
import { useResource } from '../../hooks/use-resource.js';
import { useSubmit } from '../../hooks/use-submit.js';
import { displayName } from '../../lib/names.js';
import { chatPath } from '../../lib/routes.js';
import type { Account } from '../../session/session.js';

/** Create a group: a name and some friends; you own it. */
export function NewGroupScreen({ account }: { account: Account }) {
  const friends = useResource<Friend[]>(() => account.social.friends(), [account], { cache: { userId: account.userId, key: 'friends' } });
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());

  const toggle = (username: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (!next.delete(username)) next.add(username);
      return next;
    });

  const form = useSubmit(async () => {
    const group = await account.social.createGroup({ name: name.trim(), members: [...chosen] });
    navigate(chatPath(group.id), { replace: true });
  });

  return (
    <div className="page narrow">
      <h1>New group</h1>
      <SubmitForm form={form} submit="Create group" busyLabel="Creating…" disabled={!name.trim()} wide className="stack card">
        <Field label="Group name" name="groupName" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required autoFocus />
        <fieldset className="friend-picker">
          <legend>Members</legend>
          {(friends.data ?? []).length === 0 ? <p className="muted">Add friends first; groups are made of friends.</p> : null}
          {(friends.data ?? []).map((f) => (
            <label key={f.user.id} className="check-row">
              <input type="checkbox" checked={chosen.has(f.user.username)} onChange={() => toggle(f.user.username)} />
              <Avatar id={f.user.id} name={displayName(f.user)} avatarId={f.user.avatarId} size={28} online={f.online} />
              <span>
                {displayName(f.user)} <span className="muted">@{f.user.username}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </SubmitForm>
    </div>
  );
}
