import { useState } from 'react';
import { Field } from '../../components/Field.js';
import type { Account, Session } from '../../session/session.js';
import { useSubmit } from '../../hooks/use-submit.js';
import { SubmitForm } from '../../components/SubmitForm.js';

/** Deactivate the account (password and a confirmation); every session ends and this device forgets it. */
export function DeactivateSection({ account, session }: { account: Account; session: Session }) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');

  const form = useSubmit(async () => {
    if (!confirm(`Deactivate @${account.me.get().username}? You will be signed out everywhere and cannot log in again.`)) return;
    await account.accounts.deactivate(password);
    await session.logout();
  });

  return (
    <section className="card" data-testid="deactivate">
      <h2>Deactivate account</h2>
      <p className="muted">Your friends and groups will no longer see you, and you cannot log in again. Messages you sent stay in their conversations.</p>
      {open ? (
        <SubmitForm form={form} submit="Deactivate my account" danger onCancel={() => setOpen(false)}>
          <Field label="Your password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </SubmitForm>
      ) : (
        <button className="danger" onClick={() => setOpen(true)}>
          Deactivate account…
        </button>
      )}
    </section>
  );
}
