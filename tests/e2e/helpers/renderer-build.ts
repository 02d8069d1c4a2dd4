import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const LOCK = `${ROOT}dist/.renderer-build.lock`;

/**
 * Builds the renderer into dist/renderer (where the server serves it from) with Vite's API.
 * A lock directory keeps two e2e files from building over each other.
 */
export async function buildRenderer(): Promise<void> {
  mkdirSync(`${ROOT}dist`, { recursive: true });
  for (let i = 0; ; i++) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (i > 600) rmSync(LOCK, { recursive: true, force: true }); // a crashed run left it behind
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // Vitest sets NODE_ENV=test, which Vite would honour with a development build of React (several
  // times slower): build what `npm run renderer:build` ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: `${ROOT}vite.config.ts`, mode: 'production', logLevel: 'warn', build: { sourcemap: false } });
    if (!existsSync(`${ROOT}dist/renderer/index.html`)) throw new Error('renderer build produced no index.html');
  } finally {
    process.env.NODE_ENV = nodeEnv;
    rmSync(LOCK, { recursive: true, force: true });
  }
}
