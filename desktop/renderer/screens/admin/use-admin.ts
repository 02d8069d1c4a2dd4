import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { adminApi, type AdminApi } from '../../api/admin.js';
import { ApiClient } from '../../api/client.js';
import { errorMessage } from '../../api/http.js';
import type { Account } from '../../session/session.js';

/** The admin API for the signed-in account (same server and tokens as the rest of the app). */
export function useAdminApi(account: Account): AdminApi {
  return useMemo(() => adminApi(new ApiClient(account.serverUrl, account.tokens)), [account]);
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload(): Promise<void>;
}

/**
 * Loads once per change of `deps` and again only when asked: admin reads of a conversation are
 * audited and announced to its members, so nothing here polls or reloads on focus.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(async () => {
    try {
      setData(await loadRef.current());
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, deps); // the latest loader is read through a ref
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload };
}
