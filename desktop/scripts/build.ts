import { readFileSync, writeFileSync } from 'node:fs';
import { build } from 'vite';
import { bundleNode, fromRoot } from './bundle.js';

/**
 * Builds the Electron app into dist/desktop-app: main (ESM) and preload (CommonJS, as sandboxed
 * preloads must be) bundled with everything but `electron`, the renderer, and the package.json
 * electron-builder packages. Needs no Electron binary: `npm run desktop:build`.
 */

const out = fromRoot('dist/desktop-app');
const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string; description: string };

await build({ configFile: fromRoot('vite.config.ts'), logLevel: 'warn', build: { outDir: `${out}/renderer`, emptyOutDir: true } });
await bundleNode({ entry: 'desktop/main/index.ts', outDir: `${out}/main`, format: 'es', fileName: 'index.js' });
await bundleNode({ entry: 'desktop/preload/index.ts', outDir: `${out}/preload`, format: 'cjs', fileName: 'index.cjs' });
writeFileSync(
  `${out}/package.json`,
  `${JSON.stringify(
    {
      name: 'parley',
      productName: 'Parley',
      version: pkg.version,
      description: pkg.description,
      author: { name: 'Parley', email: 'parley@example.com' },
      homepage: 'https://parley.example.com',
      license: 'UNLICENSED',
      type: 'module',
      main: 'main/index.js',
    },
    null,
    2,
  )}\n`,
);
process.stdout.write(`desktop app built in ${out}\n`);
