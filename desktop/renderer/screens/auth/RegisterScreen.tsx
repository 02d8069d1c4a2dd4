import { useState } from 'react';
import { Field } from '../../components/Field.js';
import { SubmitForm } from '../../components/SubmitForm.js';
import { Link, navigate } from '../../hooks/use-route.js';
import { useSubmit } from '../../hooks/use-submit.js';
import type { Session } from '../../session/session.js';
import { AuthLayout } from './AuthLayout.js';

/** Create an account; the server mails a verification token. */
export function RegisterScreen({ session }: { session: Session }) {
  const [form, setForm] = useState({ username: '', email: '', password: '' });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  const submit = useSubmit(async () => {
    await session.publicApi().register(form);
    navigate(`/verify?email=${encodeURIComponent(form.email)}`);
  });

  return (
    <AuthLayout title="Create your account" serverUrl={session.serverUrl()}>
      <SubmitForm form={submit} submit="Create account" busyLabel="Creating…" wide>
        <Field label="Username" name="username" value={form.username} onChange={set('username')} autoComplete="username" minLength={3} maxLength={32} required autoFocus hint="3–32 letters, digits, _ . -" />
        <Field label="Email" name="email" type="email" value={form.email} onChange={set('email')} autoComplete="email" required />
        <Field label="Password" name="password" type="password" value={form.password} onChange={set('password')} autoComplete="new-password" minLength={8} required hint="At least 8 characters; not a common password" />
      </SubmitForm>
      <p className="muted">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </AuthLayout>
  );
}
