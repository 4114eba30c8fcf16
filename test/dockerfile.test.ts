/*
 * The image, checked without a Docker engine: a valid Dockerfile (the linter VS Code uses),
 * both stages on one exact tag of a Node LTS line, a runtime stage that runs as a non-root user
 * with a HEALTHCHECK, and an entry point that is the hub command with a role as its argument.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { validate } from 'dockerfile-utils';

import { ROOT, runtimeStage } from './support/compose.js';

describe('Dockerfile', () => {
  it('is valid', async () => {
    const diagnostics = validate(await readFile(path.join(ROOT, 'Dockerfile'), 'utf8'));
    expect(diagnostics.map((d) => d.message)).toEqual([]);
  });

  it('builds and runs on one exact tag of a Node LTS line, never Node 20', async () => {
    const { froms } = await runtimeStage();
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) {
      const match = /^node:(\d+)\.(\d+)\.(\d+)-[a-z]+-slim(@sha256:[0-9a-f]{64})?$/.exec(from);
      expect({ from, exact: Boolean(match) }).toEqual({ from, exact: true });
      const major = Number(match?.[1]);
      expect(major % 2 === 0 && major >= 24).toBe(true);
    }
    expect(new Set(froms).size).toBe(1);
  });

  it('runs as a non-root user, with a health check, the role as the command', async () => {
    const stage = await runtimeStage();
    expect(stage.user).toBe('node');
    expect(stage.healthcheck).toMatch(/CMD \["node", "dist\/bin\/healthcheck\.js"\]/);
    expect(stage.entrypoint).toBe('["node", "dist/bin/hub.js"]');
    expect(stage.cmd).toBe('["gateway"]');
    expect(stage.env).toMatchObject({ HUB_HOST: '0.0.0.0', HUB_METRICS_PORT: '9464' });
    // What the runtime stage copies and runs exists in a build (npm test builds first).
    for (const file of [
      'dist/bin/hub.js',
      'dist/bin/healthcheck.js',
      'schema/supergraph.graphql',
    ]) {
      expect({ file, exists: existsSync(path.join(ROOT, file)) }).toEqual({ file, exists: true });
    }
  });

  it('keeps secrets and local state out of the build context', async () => {
    const ignored = (await readFile(path.join(ROOT, '.dockerignore'), 'utf8')).split('\n');
    expect(ignored).toEqual(
      expect.arrayContaining(['.env', '.env.*', '.git', '.hub', 'node_modules']),
    );
  });
});
