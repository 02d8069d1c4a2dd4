import { useEffect, useState } from 'react';
import type { ObjectUrlCache } from '../lib/object-urls.js';
import { useOnline } from './use-online.js';

/**
 * The object URL of the file at `key` (null while unknown, loading or unavailable), loaded through
 * `cache` with `load`. A load that failed offline is tried again when the network returns.
 */
export function useObjectUrl(cache: ObjectUrlCache | null, key: string | null, load: () => Promise<Blob>): string | null {
  const online = useOnline();
  const [url, setUrl] = useState<string | null>(() => (cache && key ? (cache.peek(key) ?? null) : null));
  useEffect(() => {
    if (!cache || !key) return setUrl(null);
    const known = cache.peek(key);
    if (known !== undefined) return setUrl(known);
    setUrl(null);
    let live = true;
    cache.get(key, load).then(
      (value) => live && setUrl(value),
      () => undefined, // offline: `online` changes when the network is back, and this runs again
    );
    return () => {
      live = false;
    };
    // `load` is recreated on every render; the key names what it loads
  }, [cache, key, online]);
  return url;
}
