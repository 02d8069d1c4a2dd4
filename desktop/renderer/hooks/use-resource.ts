import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, NetworkError } from '../api/http.js';
import { readCache, writeCache } from '../session/local-data.js';

export interface ResourceOptions {
  /** Cache the last answer per account so the screen renders offline. */
  cache?: { userId: string; key: string };
  /**
   * Reload when the network returns and the page comes back to the front (default). Off: load once
   * per change of `deps`, and again only through `reload`.
   */
  live?: boolean;
}

export interface Resource<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): Promise<void>;
}

/**
 * Data from the server for a screen: the cached copy at once, then the server's answer, reloaded
 * when the network returns and when the tab comes back to the front (unless `live` is off); live
 * pushes (inbox signals) call `reload`. Being offline with a cached copy is not an error.
 */
export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[], options: ResourceOptions = {}): Resource<T> {
  const { cache, live = true } = options;
  const [data, setData] = useState<T | null>(() => (cache ? readCache<T>(cache.userId, cache.key) : null));
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const hasData = useRef(data !== null);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    try {
      const value = await loadRef.current();
      hasData.current = true;
      setData(value);
      setError(null);
      if (cache) writeCache(cache.userId, cache.key, value);
    } catch (err) {
      setError(err instanceof NetworkError && hasData.current ? null : errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, deps); // `deps` says when the loader changes; the latest loader is read through a ref

  useEffect(() => {
    void reload();
    if (!live) return;
    const refresh = () => {
      if (document.visibilityState === 'visible' && navigator.onLine) void reload();
    };
    addEventListener('online', refresh);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      removeEventListener('online', refresh);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [reload, live]);

  return { data, error, loading, reload };
}
