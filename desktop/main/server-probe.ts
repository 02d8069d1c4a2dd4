import { HealthResponse } from '../../shared/api/health.js';
import { apiUrl } from '../../shared/server-url.js';

/** Checks that `serverUrl` answers like a Parley server; throws a message fit for the user otherwise. */
export type ServerProbe = (serverUrl: string) => Promise<void>;

/**
 * GET <server>/api/v1/health from the main process. The renderer cannot ask a server that is not
 * configured yet: its CSP and the CORS bridge only admit the configured one.
 */
export function createServerProbe(fetchImpl: typeof fetch = fetch, timeoutMs = 8000): ServerProbe {
  return async (serverUrl) => {
    let body: unknown;
    try {
      const res = await fetchImpl(apiUrl(serverUrl, '/health'), { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
      body = await res.json();
    } catch {
      throw new Error(`${serverUrl} cannot be reached`);
    }
    if (!HealthResponse.safeParse(body).success) throw new Error(`${serverUrl} does not answer like a Parley server`);
  };
}
