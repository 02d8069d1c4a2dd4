import { useState } from 'react';
import { Field } from '../../components/Field.js';
import { SubmitForm } from '../../components/SubmitForm.js';
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
      <SubmitForm form={form} submit="Continue" busyLabel="Checking…" wide>
        <Field label="Server address" name="server" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://chat.example.com" required autoFocus />
      </SubmitForm>
    </AuthLayout>
  );
}
