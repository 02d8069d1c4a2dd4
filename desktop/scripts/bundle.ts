import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** A path relative to the repository root. */
export const fromRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export interface BundleOptions {
  /** Entry file, relative to the repository root. */
  entry: string;
  outDir: string;
  format: 'es' | 'cjs';
  fileName: string;
  /** Module replacements (tests swap `electron` for a recording fake). */
  alias?: Record<string, string>;
}

/**
 * Bundles an Electron-side entry (main or preload) with all its imports except `electron` and
 * Node's built-ins, so the packaged app needs no node_modules.
 */
export async function bundleNode(options: BundleOptions): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: options.alias ?? {} },
    build: {
      ssr: fromRoot(options.entry),
      outDir: options.outDir,
      emptyOutDir: true,
      target: 'node22',
      minify: false,
      sourcemap: true,
      rolldownOptions: { external: options.alias?.electron ? [] : ['electron'], output: { format: options.format, entryFileNames: options.fileName } },
    },
    ssr: { noExternal: true, target: 'node' },
  });
}
