import { useState } from 'react';
import { Field } from '../../components/Field.js';
import { useMedia } from '../../components/media.js';
import { PicturePicker } from '../../components/PicturePicker.js';
import { useStore } from '../../hooks/use-store.js';
import { useSubmit } from '../../hooks/use-submit.js';
import { toast } from '../../lib/toast.js';
import type { Account } from '../../session/session.js';
import { SubmitForm } from '../../components/SubmitForm.js';

/** Picture, display name and bio. */
export function ProfileSection({ account }: { account: Account }) {
  const me = useStore(account.me);
  const media = useMedia();
  const [displayName, setDisplayName] = useState(me.displayName ?? '');
  const [bio, setBio] = useState(me.bio ?? '');

  const form = useSubmit(async () => {
    account.me.set(await account.accounts.updateProfile({ displayName: displayName.trim() || null, bio: bio.trim() || null }));
    toast('Profile saved');
  });

  return (
    <section className="card">
      <h2>Profile</h2>
      <p className="muted">
        @{me.username}
        {me.email ? ` · ${me.email}` : ''}
      </p>
      {media ? (
        <PicturePicker id={me.id} name={displayName || me.username} avatarId={me.avatarId} what="profile picture"
          onPick={async (file) => account.me.set(await media.avatars.setMine(file))}
          onRemove={async () => account.me.set(await media.avatars.removeMine())} />
      ) : null}
      <SubmitForm form={form} submit="Save profile">
        <Field label="Display name" name="displayName" value={displayName} maxLength={64} onChange={(e) => setDisplayName(e.target.value)} />
        <label className="field">
          <span className="field-label">Bio</span>
          <textarea name="bio" value={bio} maxLength={500} rows={3} onChange={(e) => setBio(e.target.value)} />
        </label>
      </SubmitForm>
    </section>
  );
}
