import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Field, FormError } from '../../components/Field.js';
import { useStore } from '../../hooks/use-store.js';
import { useAttempt } from '../../hooks/use-submit.js';
import type { Account } from '../../session/session.js';

interface CodeFormProps {
  code: string;
  onCode(code: string): void;
  onSubmit(e: FormEvent): void;
  onCancel(): void;
  /** The submit button: "Turn on" as primary, "Turn off" as danger. */
  submit: { label: string; className: 'primary' | 'danger' };
  children?: ReactNode;
}

/** A form that ends with the authenticator code and submit / cancel: both turning on and turning off use it. */
function CodeForm({ code, onCode, onSubmit, onCancel, submit, children }: CodeFormProps) {
  return (
    <form onSubmit={onSubmit} className="stack">
      {children}
      <Field label="Code" name="code" value={code} onChange={(e) => onCode(e.target.value)} autoComplete="one-time-code" required />
      <div className="row">
        <button className={submit.className}>{submit.label}</button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

type Step = { kind: 'idle' } | { kind: 'scan'; secret: string; qr: string } | { kind: 'codes'; codes: string[] } | { kind: 'disable' };

/** Two-factor authentication: set up with a QR code (otpauth URI), confirm a code, keep the recovery codes; or turn it off. */
export function MfaSection({ account }: { account: Account }) {
  const me = useStore(account.me);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const steps = useAttempt();
  const { setError } = steps;

  useEffect(() => setError(null), [step.kind, setError]);

  /** Runs a step against the server; its error shows under the section. */
  const attempt = (action: () => Promise<void>) => (e?: FormEvent) => {
    e?.preventDefault();
    void steps.run(action);
  };

  const begin = attempt(async () => {
    const { secret, otpauthUri } = await account.accounts.mfaSetup();
    setStep({ kind: 'scan', secret, qr: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 200 }) });
  });

  const enable = attempt(async () => {
    const { recoveryCodes } = await account.accounts.mfaEnable(code.trim());
    account.me.set({ ...account.me.get(), mfaEnabled: true });
    setCode('');
    setStep({ kind: 'codes', codes: recoveryCodes });
  });

  const disable = attempt(async () => {
    await account.accounts.mfaDisable(password, code.trim());
    account.me.set({ ...account.me.get(), mfaEnabled: false });
    setCode('');
    setPassword('');
    setStep({ kind: 'idle' });
  });

  const idle = () => setStep({ kind: 'idle' });

  return (
    <section className="card" data-testid="mfa">
      <h2>Two-factor authentication</h2>
      {step.kind === 'idle' ? (
        <div className="row spread">
          <p className="muted">{me.mfaEnabled ? 'On: logging in asks for a code from your authenticator app.' : 'Off: add a code from an authenticator app to every login.'}</p>
          {me.mfaEnabled ? <button onClick={() => setStep({ kind: 'disable' })}>Turn off</button> : <button className="primary" onClick={() => void begin()}>Set up</button>}
        </div>
      ) : null}
      {step.kind === 'scan' ? (
        <CodeForm code={code} onCode={setCode} onSubmit={enable} onCancel={idle} submit={{ label: 'Turn on', className: 'primary' }}>
          <p>Scan this code with your authenticator app, then enter the 6-digit code it shows.</p>
          <img className="qr" src={step.qr} alt="QR code for your authenticator app" width={200} height={200} />
          <p className="muted">
            Or enter the key by hand: <code className="secret">{step.secret}</code>
          </p>
        </CodeForm>
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
          <button onClick={idle}>Done</button>
        </div>
      ) : null}
      {step.kind === 'disable' ? (
        <CodeForm code={code} onCode={setCode} onSubmit={disable} onCancel={idle} submit={{ label: 'Turn off', className: 'danger' }}>
          <Field label="Password" name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        </CodeForm>
      ) : null}
      <FormError message={steps.error} />
    </section>
  );
}
