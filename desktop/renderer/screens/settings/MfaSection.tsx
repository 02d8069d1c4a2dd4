import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/http.js';
import { Field, FormError } from '../../components/Field.js';
import { useStore } from '../../hooks/use-store.js';
import type { Account } from '../../session/session.js';

type Step = { kind: 'idle' } | { kind: 'scan'; secret: string; qr: string } | { kind: 'codes'; codes: string[] } | { kind: 'disable' };

/** Two-factor authentication: set up with a QR code (otpauth URI), confirm a code, keep the recovery codes; or turn it off. */
export function MfaSection({ account }: { account: Account }) {
  const me = useStore(account.me);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setError(null), [step.kind]);

  const begin = async () => {
    try {
      const { secret, otpauthUri } = await account.accounts.mfaSetup();
      setStep({ kind: 'scan', secret, qr: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 200 }) });
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const enable = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const { recoveryCodes } = await account.accounts.mfaEnable(code.trim());
      account.me.set({ ...account.me.get(), mfaEnabled: true });
      setCode('');
      setStep({ kind: 'codes', codes: recoveryCodes });
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const disable = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await account.accounts.mfaDisable(password, code.trim());
      account.me.set({ ...account.me.get(), mfaEnabled: false });
      setCode('');
      setPassword('');
      setStep({ kind: 'idle' });
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="card" data-testid="mfa">
      <h2>Two-factor authentication</h2>
      {step.kind === 'idle' ? (
        <div className="row spread">
          <p className="muted">{me.mfaEnabled ? 'On: logging in asks for a code from your authenticator app.' : 'Off: add a code from an authenticator app to every login.'}</p>
          {me.mfaEnabled ? <button onClick={() => setStep({ kind: 'disable' })}>Turn off</button> : <button className="primary" onClick={begin}>Set up</button>}
        </div>
      ) : null}
      {step.kind === 'scan' ? (
        <form onSubmit={enable} className="stack">
          <p>Scan this code with your authenticator app, then enter the 6-digit code it shows.</p>
          <img className="qr" src={step.qr} alt="QR code for your authenticator app" width={200} height={200} />
          <p className="muted">
            Or enter the key by hand: <code className="secret">{step.secret}</code>
          </p>
          <Field label="Code" name="code" value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" required />
          <div className="row">
            <button className="primary">Turn on</button>
            <button type="button" onClick={() => setStep({ kind: 'idle' })}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {step.kind === 'codes' ? (
        <div className="stack">
          <p>Two-factor authentication is on. Keep these recovery codes somewhere safe: each works once if you lose your device.</p>
          <ul className="recovery-codes">
            {step.codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <button onClick={() => setStep({ kind: 'idle' })}>Done</button>
        </div>
      ) : null}
      {step.kind === 'disable' ? (
        <form onSubmit={disable} className="stack">
          <Field label="Password" name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
          <Field label="Code" name="code" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="one-time-code" required />
          <div className="row">
            <button className="danger">Turn off</button>
            <button type="button" onClick={() => setStep({ kind: 'idle' })}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <FormError message={error} />
    </section>
  );
}
