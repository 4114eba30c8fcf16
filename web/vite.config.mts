/**
 * The hub's browser pages (the audit console and the query explorer), built by Vite into
 * dist/web: hashed assets the gateway serves itself, so nothing is loaded from another host.
 * Built by scripts/build-web.mjs (part of `npm run build`).
 */
import path from 'node:path';

import { defineConfig } from 'vite';

const root = import.meta.dirname;

// eslint-disable-next-line import/no-default-export -- Vite reads the default export
export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: path.join(root, '..', 'dist', 'web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Nothing inline: every script, style and font is a file the CSP allows as 'self'.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 8_000,
    sourcemap: false,
    rollupOptions: {
      onwarn(warning, warn) {
        // React libraries mark modules "use client"; a bundle for the browser only has no use.
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') {
          warn(warning);
        }
      },
      input: {
        console: path.join(root, 'console', 'index.html'),
        graphiql: path.join(root, 'graphiql', 'index.html'),
      },
    },
  },
  worker: { format: 'es' },
});
