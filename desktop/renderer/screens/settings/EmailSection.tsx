import { useState } from 'react';
import { Field } from '../../components/Field.js';
import { useStore } from '../../hooks/use-store.js';
import type { Account } from '../../session/session.js';
import { SubmitForm } from '../../components/SubmitForm.js';
import { useSubmit } from '../../hooks/use-submit.js';

/** Move the account to a new address: it takes effect once the link mailed there is opened. */
export function EmailSection({ account }: { account: Account }) {
  const me = useStore(account.me);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);

  const form = useSubmit(async () => {
    await account.accounts.changeEmail({ email: email.trim(), password });
    setSentTo(email.trim());
    setEmail('');
    setPassword('');
  });

  return (
    <section className="card" data-testid="email">
      <h2>Email</h2>
      <p className="muted">
        {me.email ? <>Your address is <strong>{me.email}</strong>. </> : null}A new address must be confirmed through the link we send to it.
      </p>
      {sentTo ? (
        <p role="status" className="notice">
          We sent a link to <strong>{sentTo}</strong>. Your address changes once you open it.
        </p>
      ) : null}
      <SubmitForm form={form} submit="Change email">
        <Field label="New email" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <Field label="Password to confirm" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </SubmitForm>
    </section>
  );
}
