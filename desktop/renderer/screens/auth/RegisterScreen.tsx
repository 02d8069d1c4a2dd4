import { useState } from 'react';
import { Field, FormError } from '../../components/Field.js';
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
      <form onSubmit={submit.onSubmit} className="stack">
        <Field label="Username" name="username" value={form.username} onChange={set('username')} autoComplete="username" minLength={3} maxLength={32} required autoFocus hint="3–32 letters, digits, _ . -" />
        <Field label="Email" name="email" type="email" value={form.email} onChange={set('email')} autoComplete="email" required />
        <Field label="Password" name="password" type="password" value={form.password} onChange={set('password')} autoComplete="new-password" minLength={8} required hint="At least 8 characters; not a common password" />
        <FormError message={submit.error} />
        <button className="primary" disabled={submit.busy}>
          {submit.busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p className="muted">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </AuthLayout>
  );
}
