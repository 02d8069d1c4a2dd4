import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, openSync, readSync, closeSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Content-addressed files: `<dir>/<sha256[0:2]>/<sha256>`; the same bytes are stored once. */
export class BlobStore {
  /** Where uploads land before they are hashed and moved into place. */
  readonly incoming: string;

  constructor(private readonly dir: string) {
    this.incoming = join(dir, 'incoming');
    mkdirSync(this.incoming, { recursive: true });
  }

  /** Moves an uploaded file (already hashed) into place; a duplicate is simply dropped. */
  adopt(tempPath: string, sha256: string): void {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
    const target = this.path(sha256);
    if (existsSync(target)) {
      rmSync(tempPath, { force: true });
      return;
    }
    mkdirSync(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    renameSync(tempPath, target);
  }

  /** Stores bytes made by the server (thumbnails, avatars); returns their sha256. */
  put(bytes: Uint8Array): string {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (existsSync(this.path(sha256))) return sha256;
    // Written aside, then renamed: a reader never sees half a blob.
    const temp = join(this.incoming, `${randomUUID()}.tmp`);
    writeFileSync(temp, bytes);
    this.adopt(temp, sha256);
    return sha256;
  }

  path(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** The first `n` bytes of a file (for type sniffing). */
  head(path: string, n = 512): Uint8Array {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(n);
      const read = readSync(fd, buf, 0, n, 0);
      return buf.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  }

  open(sha256: string): { stream: NodeJS.ReadableStream; size: number } | null {
    const path = this.path(sha256);
    if (!existsSync(path)) return null;
    return { stream: createReadStream(path), size: statSync(path).size };
  }
}
