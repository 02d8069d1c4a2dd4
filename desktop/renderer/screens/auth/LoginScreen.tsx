import { useState } from 'react';
import { ErrorCode } from '../../../../shared/api/errors.js';
import { ApiError } from '../../api/http.js';
import { Field } from '../../components/Field.js';
import { SubmitForm } from '../../components/SubmitForm.js';
import { Link } from '../../hooks/use-route.js';
import { useSubmit } from '../../hooks/use-submit.js';
import type { Session } from '../../session/session.js';
import { AuthLayout } from './AuthLayout.js';

/** Log in with username or email; asks for the TOTP code when the server answers `mfa_required`. */
export function LoginScreen({ session, notice }: { session: Session; notice?: string }) {
  const verified = new URLSearchParams(location.search).has('verified');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [unverified, setUnverified] = useState(false);

  const form = useSubmit(async () => {
    setUnverified(false);
    try {
      await session.login(login, password, needsCode ? code : undefined);
    } catch (err) {
      // A second factor is a next step, not an error.
      if (err instanceof ApiError && err.code === ErrorCode.mfaRequired) return setNeedsCode(true);
      setUnverified(err instanceof ApiError && err.code === ErrorCode.emailNotVerified);
      throw err;
    }
  });

  return (
    <AuthLayout
      title={needsCode ? 'Two-factor code' : 'Welcome back'}
      subtitle={needsCode ? 'Enter the 6-digit code from your authenticator app, or a recovery code.' : undefined}
      serverUrl={session.serverUrl()}
      notice={notice ?? (verified ? 'Your email is verified. You can log in now.' : undefined)}
    >
      <SubmitForm
        form={form}
        submit="Log in"
        busyLabel="Logging in…"
        wide
        afterError={
          unverified ? (
            <p className="muted">
              <Link to="/verify">Verify your email</Link>
            </p>
          ) : null
        }
      >
        {needsCode ? (
          <Field label="Code" name="code" value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" required autoFocus />
        ) : (
          <>
            <Field label="Username or email" name="login" value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="username" required autoFocus />
            <Field label="Password" name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
          </>
        )}
      </SubmitForm>
      <p className="muted">
        New here? <Link to="/register">Create an account</Link>
      </p>
    </AuthLayout>
  );
}
