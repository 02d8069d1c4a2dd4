import { useState } from 'react';
import { Field } from '../../components/Field.js';
import { toast } from '../../lib/toast.js';
import type { Account } from '../../session/session.js';
import { SubmitForm } from '../../components/SubmitForm.js';
import { useSubmit } from '../../hooks/use-submit.js';

/** Change the password with the current one; the server then signs out every other device. */
export function PasswordSection({ account, onChanged }: { account: Account; onChanged(): void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');

  const form = useSubmit(async () => {
    if (next !== again) throw new Error('The new passwords do not match.');
    await account.accounts.changePassword({ currentPassword: current, newPassword: next });
    setCurrent('');
    setNext('');
    setAgain('');
    toast('Password changed. Your other devices were signed out.');
    onChanged();
  });

  return (
    <section className="card" data-testid="password">
      <h2>Password</h2>
      <p className="muted">At least 8 characters, and not a common one. Changing it signs you out on every other device; this one stays signed in.</p>
      <SubmitForm form={form} submit="Change password">
        <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        <Field label="New password" name="newPassword" type="password" autoComplete="new-password" minLength={8} value={next} onChange={(e) => setNext(e.target.value)} required />
        <Field label="Repeat the new password" name="newPasswordAgain" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
      </SubmitForm>
    </section>
  );
}
