#!/usr/bin/env node
/**
 * Builds the browser pages (web/ → dist/web) with Vite, part of `npm run build`, so a fresh
 * clone serves them after `npm ci && npm start` with no network. Skipped when nothing it reads
 * changed since the last build (web/ and the lock file's hash is kept in dist/web), so the
 * build every test run starts with stays fast.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const webDir = path.join(root, 'web');
const outDir = path.join(root, 'dist', 'web');
const stampFile = path.join(outDir, '.inputs-hash');

async function inputsHash() {
  const hash = createHash('sha256');
  const files = (await readdir(webDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of [...files, path.join(root, 'package-lock.json')]) {
    hash
      .update(path.relative(root, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  }
  return hash.digest('hex');
}

const wanted = await inputsHash();
const built = await readFile(stampFile, 'utf8').catch(() => '');
if (built.trim() === wanted && !process.argv.includes('--force')) {
  process.exit(0);
}
const { build } = await import('vite');
await build({ configFile: path.join(webDir, 'vite.config.mts'), logLevel: 'warn' });
await writeFile(stampFile, `${wanted}\n`);
console.log(`built the console and GraphiQL into ${path.relative(root, outDir)}`);
