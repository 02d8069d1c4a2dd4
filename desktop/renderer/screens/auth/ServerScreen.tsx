import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/http.js';
import { Field, FormError } from '../../components/Field.js';
import { navigate } from '../../hooks/use-route.js';
import { normalizeServerUrl } from '../../lib/server-url.js';
import type { Session } from '../../session/session.js';
import { AuthLayout } from './AuthLayout.js';

/** Choose the server: checked with GET /health before it is saved. */
export function ServerScreen({ session, initial }: { session: Session; initial: string | null }) {
  const [url, setUrl] = useState(initial ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const normalized = normalizeServerUrl(url);
    if (!normalized) return setError('Enter an http:// or https:// address, e.g. https://chat.example.com');
    setBusy(true);
    setError(null);
    try {
      await session.connectServer(normalized);
      navigate('/login', { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title="Connect to a server" subtitle="Parley talks to the server your account lives on.">
      <form onSubmit={submit} className="stack">
        <Field label="Server address" name="server" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://chat.example.com" required autoFocus />
        <FormError message={error} />
        <button className="primary" disabled={busy}>
          {busy ? 'Checking…' : 'Continue'}
        </button>
      </form>
    </AuthLayout>
  );
}
