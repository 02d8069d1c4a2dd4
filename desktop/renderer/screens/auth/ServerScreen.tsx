import { useState } from 'react';
import { Field, FormError } from '../../components/Field.js';
import { navigate } from '../../hooks/use-route.js';
import { useSubmit } from '../../hooks/use-submit.js';
import { normalizeServerUrl } from '../../../../shared/server-url.js';
import type { Session } from '../../session/session.js';
import { AuthLayout } from './AuthLayout.js';

/** Choose the server: checked with GET /health before it is saved. */
export function ServerScreen({ session, initial }: { session: Session; initial: string | null }) {
  const [url, setUrl] = useState(initial ?? '');

  const form = useSubmit(async () => {
    const normalized = normalizeServerUrl(url);
    if (!normalized) throw new Error('Enter an http:// or https:// address, e.g. https://chat.example.com');
    await session.connectServer(normalized);
    navigate('/login', { replace: true });
  });

  return (
    <AuthLayout title="Connect to a server" subtitle="Parley talks to the server your account lives on.">
      <form onSubmit={form.onSubmit} className="stack">
        <Field label="Server address" name="server" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://chat.example.com" required autoFocus />
        <FormError message={form.error} />
        <button className="primary" disabled={form.busy}>
          {form.busy ? 'Checking…' : 'Continue'}
        </button>
      </form>
    </AuthLayout>
  );
}
