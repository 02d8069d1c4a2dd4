import { NetworkError } from '../api/http.js';

export interface UrlMaker {
  create(blob: Blob): string;
  revoke(url: string): void;
}

const browserUrls: UrlMaker = { create: (blob) => URL.createObjectURL(blob), revoke: (url) => URL.revokeObjectURL(url) };

/**
 * Object URLs of downloaded files (pictures, previews), one per key, loaded once and kept in
 * memory so a remounted row shows its image at once. A load that failed for want of a network is
 * forgotten (the next get retries); any other failure (e.g. 404) is remembered as null.
 */
export class ObjectUrlCache {
  private readonly loading = new Map<string, Promise<string | null>>();
  private readonly known = new Map<string, string | null>();

  constructor(private readonly urls: UrlMaker = browserUrls) {}

  /** The URL for `key` if it is already loaded (null: it failed), else undefined. */
  peek(key: string): string | null | undefined {
    return this.known.get(key);
  }

  /** The URL for `key`, loading its bytes with `load` the first time. */
  get(key: string, load: () => Promise<Blob>): Promise<string | null> {
    const known = this.known.get(key);
    if (known !== undefined) return Promise.resolve(known);
    const loading = this.loading.get(key);
    if (loading) return loading;
    const pending: Promise<string | null> = load().then(
      (blob) => this.settle(key, pending, this.urls.create(blob)),
      (err: unknown) => {
        if (!(err instanceof NetworkError)) return this.settle(key, pending, null);
        if (this.loading.get(key) === pending) this.loading.delete(key);
        throw err;
      },
    );
    this.loading.set(key, pending);
    return pending;
  }

  /** Revokes every URL made so far and forgets them all (the cache stays usable). */
  clear(): void {
    for (const url of this.known.values()) if (url) this.urls.revoke(url);
    this.known.clear();
    this.loading.clear();
  }

  private settle(key: string, pending: Promise<string | null>, url: string | null): string | null {
    if (this.loading.get(key) !== pending) {
      // cleared while loading: do not keep (or leak) a URL nobody will revoke
      if (url) this.urls.revoke(url);
      return null;
    }
    this.loading.delete(key);
    this.known.set(key, url);
    return url;
  }
}
