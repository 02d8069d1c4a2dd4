import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** API server the renderer's dev server forwards to (`npm run renderer:dev`). */
const devApi = process.env.PARLEY_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // The renderer (desktop/renderer) is the Vite app; the server serves its build from dist/renderer.
  root: here('desktop/renderer'),
  base: '/',
  build: {
    outDir: here('dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // One bundle (React, Yjs, zod) that loads from disk or the service worker's cache, never per route.
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      input: { main: here('desktop/renderer/index.html'), sw: here('desktop/renderer/sw.ts') },
      // The service worker must keep a stable URL at the root so it controls every page.
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  server: {
    proxy: {
      '/api': devApi,
      '/sync': { target: devApi.replace(/^http/, 'ws'), ws: true },
    },
  },
  test: {
    // Vitest would otherwise take the renderer folder above as its root.
    root: here('.'),
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './tests/summary-reporter.ts'],
  },
});
