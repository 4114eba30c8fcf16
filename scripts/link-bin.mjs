#!/usr/bin/env node
/**
 * Run by `prepare` (after `npm ci`): links `node_modules/.bin/hub` to bin/hub.cjs, so that
 * `npx hub …` starts the command at once. With a `bin` field in the project's own package.json,
 * npm exec instead treats the project as a package to install and loads the whole dependency
 * tree (about 1,700 packages) on every call: about 3 s on an idle machine, far more on a busy one.
 */
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const binDir = path.join(root, 'node_modules', '.bin');
const link = path.join(binDir, 'hub');
mkdirSync(binDir, { recursive: true });
rmSync(link, { force: true });
symlinkSync(path.join('..', '..', 'bin', 'hub.cjs'), link);
chmodSync(path.join(root, 'bin', 'hub.cjs'), 0o755);
