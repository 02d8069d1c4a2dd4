import { useState } from 'react';
import { Field, FormError } from '../../components/Field.js';
import { SubmitForm } from '../../components/SubmitForm.js';
import { Link, navigate } from '../../hooks/use-route.js';
import { useAttempt, useSubmit } from '../../hooks/use-submit.js';
import type { Session } from '../../session/session.js';
import { AuthLayout } from './AuthLayout.js';

/** Paste the token from the verification mail (or arrive with ?token=); also resends the mail. */
export function VerifyScreen({ session }: { session: Session }) {
  const params = new URLSearchParams(location.search);
  const [token, setToken] = useState(params.get('token') ?? '');
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [info, setInfo] = useState<string | null>(null);

  const form = useSubmit(async () => {
    // A pasted link works as well as the bare token.
    const bare = /token=([\w-]+)/.exec(token)?.[1] ?? token.trim();
    await session.publicApi().verifyEmail(bare);
    navigate('/login?verified=1', { replace: true });
  });

  const resending = useAttempt();
  const resend = () =>
    resending.run(async () => {
      await session.publicApi().resendVerification(email);
      setInfo('If that address has an unverified account, a new mail is on its way.');
    });

  return (
    <AuthLayout title="Verify your email" subtitle="We sent you a mail with a link. Paste the link or its token here." serverUrl={session.serverUrl()} notice={info ?? undefined}>
      <SubmitForm form={form} submit="Verify" busyLabel="Verifying…" wide>
        <Field label="Verification token" name="token" value={token} onChange={(e) => setToken(e.target.value)} required autoFocus autoComplete="one-time-code" />
      </SubmitForm>
      <details className="resend">
        <summary>Didn't get the mail?</summary>
        <div className="row">
          <input aria-label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="you@example.com" />
          <button type="button" onClick={() => void resend()} disabled={!email || resending.busy}>
            Resend
          </button>
        </div>
        <FormError message={resending.error} />
      </details>
      <p className="muted">
        <Link to="/login">Back to log in</Link>
      </p>
    </AuthLayout>
  );
}
