import type { ReactNode } from 'react';
import { Link } from '../../hooks/use-route.js';

/** The centred card every sign-in screen uses, with the current server and a way to change it. */
export function AuthLayout({ title, subtitle, serverUrl, children, notice }: { title: string; subtitle?: string; serverUrl?: string | null; children: ReactNode; notice?: string }) {
  return (
    <div className="auth">
      <div className="auth-card">
        <div className="brand">
          <span className="brand-mark">P</span> Parley
        </div>
        <h1>{title}</h1>
        {subtitle ? <p className="muted">{subtitle}</p> : null}
        {notice ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
        {children}
        {serverUrl !== undefined ? (
          <p className="auth-server muted">
            Server: <span data-testid="server-url">{serverUrl ?? 'none'}</span> · <Link to="/setup">change</Link>
          </p>
        ) : null}
      </div>
    </div>
  );
}
