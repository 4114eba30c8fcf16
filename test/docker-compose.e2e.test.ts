/*
 * docker-compose.yml cannot run here (no Docker engine), so it is checked by other means: an env
 * file made as an operator makes it (scripts/generate-env.mjs from .env.example), the compose
 * file interpolated from it as compose would, every service's command and environment (on top of
 * the image's ENV) checked against the hub's CLI and configuration schema, the network and
 * secret layout checked, and then the same commands run as separate processes with the same
 * environment — database host and ports mapped to this machine — in production mode, and the
 * gateway queried with a token of the configured issuer.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { SignJWT } from 'jose';

import { enabledSubgraphs } from '../hub/registry.js';
import { loadConfig } from '../platform/config.js';
import { scopesForRoles } from '../schema/access.js';
import { DATABASE_ROLES } from '../schema/database-roles.js';

import {
  composeVariables,
  parseEnvFile,
  readCompose,
  readComposeText,
  ROOT,
  runtimeStage,
  type ComposeFile,
  type ComposeService,
} from './support/compose.js';
import { adminUrl, dropDatabases, testPrefix } from './support/database.js';
import { postGraphQL, testPassword } from './support/hub.js';
import {
  freePort,
  runHub,
  startHubProcess,
  waitFor,
  type HubProcess,
} from './support/processes.js';

const run = promisify(execFile);
const CLI_COMMANDS = ['start', 'gateway', 'subgraph', 'migrate', 'seed', 'token', 'audit'];
const HUB_SERVICES = ['migrate', 'seed', 'gateway', ...enabledSubgraphs().map((s) => s.name)];

let envFile: Record<string, string>;
let compose: ComposeFile;
let imageEnv: Record<string, string>;

/** What the operator's .env holds: generated secrets, production mode, the issuer's key. */
const issuer = generateKeyPairSync('ed25519');
const issuerJwk = JSON.stringify({ ...issuer.publicKey.export({ format: 'jwk' }), kid: 'idp-1' });

beforeAll(async () => {
  const generated = await run(process.execPath, [path.join(ROOT, 'scripts', 'generate-env.mjs')]);
  envFile = {
    ...parseEnvFile(generated.stdout),
    HUB_MODE: 'production',
    HUB_JWT_PUBLIC_KEY: issuerJwk,
  };
  compose = await readCompose(envFile);
  imageEnv = (await runtimeStage()).env;
});

/** A container's environment: the image's ENV, then the service's own. */
function containerEnv(service: ComposeService): Record<string, string> {
  return { ...imageEnv, ...service.environment };
}

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, a migrate step, every subgraph and the gateway as separate services', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgres', ...HUB_SERVICES]),
    );
    expect(compose.services.postgres?.image).toMatch(
      /^postgres:\d+\.\d+-[a-z]+(@sha256:[0-9a-f]{64})?$/,
    );
  });

  it('gives every hub service a hub command and a valid configuration, in production mode', () => {
    for (const name of HUB_SERVICES) {
      const service = compose.services[name] ?? {};
      expect({ name, command: CLI_COMMANDS.includes(service.command?.[0] ?? '') }).toEqual({
        name,
        command: true,
      });
      const config = loadConfig(containerEnv(service));
      expect({ name, mode: config.mode }).toEqual({ name, mode: 'production' });
    }
  });

  it('refuses to start without the secrets (no default for any of them)', async () => {
    const text = await readComposeText();
    expect(text).not.toMatch(/change-me|password:\s*\w/i);
    const { POSTGRES_PASSWORD: _dropped, ...without } = envFile;
    await expect(readCompose(without)).rejects.toThrow(/POSTGRES_PASSWORD/);
  });

  it('documents every variable it reads in .env.example', async () => {
    const example = parseEnvFile(await readFile(path.join(ROOT, '.env.example'), 'utf8'));
    const used = composeVariables(await readComposeText());
    expect([...used].filter((name) => !(name in example))).toEqual([]);
  });

  it('uses one role and one distinct secret per database, each service only its own', () => {
    const secrets = DATABASE_ROLES.map(([, variable]) => envFile[variable]);
    secrets.push(envFile.POSTGRES_PASSWORD);
    expect(new Set(secrets).size).toBe(secrets.length);
    for (const subgraph of enabledSubgraphs()) {
      const env = compose.services[subgraph.name]?.environment ?? {};
      const url = new URL(env[`${subgraph.name.toUpperCase()}_DATABASE_URL`] ?? '');
      expect([url.username, url.pathname]).toEqual([
        `hub_${subgraph.name}_app`,
        `/hub_${subgraph.name}`,
      ]);
      const [, variable] = DATABASE_ROLES.find(([role]) => role === url.username) ?? [];
      expect(decodeURIComponent(url.password)).toBe(envFile[variable ?? '']);
      // No administrative URL, no other role's secret, no signing key.
      const others = Object.entries(env).filter(([key]) =>
        /^(DATABASE_URL|HUB_CONTEXT_PRIVATE_KEY|AUDIT_WRITER_DATABASE_URL|.*_DB_PASSWORD)$/.test(
          key,
        ),
      );
      expect({ service: subgraph.name, others }).toEqual({ service: subgraph.name, others: [] });
    }
    const gateway = compose.services.gateway?.environment ?? {};
    expect(new URL(gateway.AUDIT_WRITER_DATABASE_URL ?? '').username).toBe('hub_audit_writer');
    expect(Object.keys(gateway).filter((k) => /DATABASE_URL$|DB_PASSWORD$/.test(k))).toEqual([
      'AUDIT_WRITER_DATABASE_URL',
    ]);
  });

  it('publishes the gateway alone, on a configurable address; the rest on internal networks', async () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect({ name, ports: service.ports ?? [] }).toEqual({
        name,
        ports: name === 'gateway' ? ['127.0.0.1:4000:4000'] : [],
      });
    }
    const elsewhere = await readCompose({
      ...envFile,
      HUB_BIND_ADDRESS: '10.20.0.5',
      HUB_PUBLISHED_PORT: '8443',
    });
    expect(elsewhere.services.gateway?.ports).toEqual(['10.20.0.5:8443:4000']);
    const internal = Object.entries(compose.networks)
      .filter(([, network]) => network?.internal)
      .map(([name]) => name);
    for (const [name, service] of Object.entries(compose.services)) {
      const external = (service.networks ?? []).filter((n) => !internal.includes(n));
      expect({ name, external }).toEqual({ name, external: name === 'gateway' ? ['edge'] : [] });
    }
    expect(compose.services.postgres?.networks).toEqual(['data']);
  });

  it('starts in order: database healthy → migrated → subgraphs healthy → gateway', () => {
    const condition = (service: string, on: string) =>
      compose.services[service]?.depends_on?.[on]?.condition;
    expect(condition('migrate', 'postgres')).toBe('service_healthy');
    for (const subgraph of enabledSubgraphs()) {
      expect(condition(subgraph.name, 'migrate')).toBe('service_completed_successfully');
      expect(condition('gateway', subgraph.name)).toBe('service_healthy');
      expect(compose.services[subgraph.name]?.healthcheck?.test).toEqual([
        'CMD',
        'node',
        'dist/bin/healthcheck.js',
      ]);
    }
    expect(compose.services.gateway?.healthcheck?.test?.[2]).toBe('dist/bin/healthcheck.js');
  });

  it('points the gateway at every subgraph service on the port it listens on', () => {
    const gateway = loadConfig(containerEnv(compose.services.gateway ?? {}));
    for (const subgraph of enabledSubgraphs()) {
      const own = loadConfig(containerEnv(compose.services[subgraph.name] ?? {}));
      expect(gateway.subgraphs[subgraph.name].url).toBe(
        `http://${subgraph.name}:${own.subgraphs[subgraph.name].port}/graphql`,
      );
    }
  });
});

describe('the compose services as separate processes', () => {
  const prefix = testPrefix();
  let home: string;
  const running: HubProcess[] = [];
  const byName: Record<string, HubProcess> = {};
  const ports: Record<string, number> = {};
  const metricsPorts: Record<string, number> = {};

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'hub-compose-'));
    for (const name of HUB_SERVICES) {
      ports[name] = await freePort();
      metricsPorts[name] = await freePort();
    }
  });
  afterAll(async () => {
    for (const process of running) {
      await process.stop();
    }
    await dropDatabases(prefix);
    await rm(home, { recursive: true, force: true });
  });

  /**
   * A service's container environment on this machine: service host names → loopback and free
   * ports, the postgres service → the test server (databases under a test prefix). Database
   * roles are shared by every test database on that server, so they keep the tests' passwords.
   */
  function localEnv(name: string): Record<string, string> {
    const env = containerEnv(compose.services[name] ?? {});
    const server = new URL(adminUrl());
    const local: Record<string, string> = {
      HUB_HOME: home,
      HUB_HOST: '127.0.0.1',
      HUB_DB_PREFIX: prefix,
      HUB_METRICS_PORT: String(metricsPorts[name]),
      LOG_LEVEL: 'warn',
    };
    for (const [key, value] of Object.entries(env)) {
      if (key in local) {
        continue;
      }
      let mapped = value;
      const role = DATABASE_ROLES.find(([, variable]) => variable === key)?.[0];
      if (role) {
        mapped = testPassword(role);
      } else if (key === 'DATABASE_URL') {
        mapped = adminUrl();
      } else if (key.endsWith('DATABASE_URL')) {
        const url = new URL(value);
        url.host = server.host;
        url.password = testPassword(url.username);
        url.pathname = url.pathname.replace(/^\/hub_/, `/${prefix}_`);
        mapped = url.toString();
      }
      for (const [service, port] of Object.entries(ports)) {
        mapped = mapped.replace(new RegExp(`//${service}:\\d+`), `//127.0.0.1:${port}`);
        if (key === `${service.toUpperCase()}_PORT` || (key === 'PORT' && service === 'gateway')) {
          mapped = String(port);
        }
      }
      local[key] = mapped;
    }
    return local;
  }

  async function healthy(name: string): Promise<void> {
    const test = compose.services[name]?.healthcheck?.test ?? [];
    expect(test.slice(0, 2)).toEqual(['CMD', 'node']);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const check = await runScript(test.slice(2), localEnv(name));
      if (check === 0) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`${name} never became healthy:\n${byName[name]?.output() ?? ''}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  async function runScript(args: string[], env: Record<string, string>): Promise<number> {
    const [script, ...rest] = args;
    try {
      await run(process.execPath, [path.join(ROOT, script ?? ''), ...rest], {
        env: { PATH: process.env.PATH ?? '', ...env },
      });
      return 0;
    } catch (error) {
      return (error as { code?: number }).code ?? 1;
    }
  }

  it('migrate, seed, each subgraph and the gateway work together', async () => {
    for (const step of ['migrate', 'seed']) {
      const result = await runHub(compose.services[step]?.command ?? [], localEnv(step));
      expect({ step, code: result.code, output: result.code ? result.output : '' }).toEqual({
        step,
        code: 0,
        output: '',
      });
    }
    // The subgraphs depend on migrate alone, so compose starts them together.
    for (const subgraph of enabledSubgraphs()) {
      const service = compose.services[subgraph.name] ?? {};
      byName[subgraph.name] = startHubProcess(service.command ?? [], localEnv(subgraph.name));
      running.push(byName[subgraph.name] as HubProcess);
    }
    await Promise.all(enabledSubgraphs().map((subgraph) => healthy(subgraph.name)));
    byName.gateway = startHubProcess(compose.services.gateway?.command ?? [], localEnv('gateway'));
    running.push(byName.gateway);
    await healthy('gateway');
    await waitFor(`http://127.0.0.1:${ports.gateway}/readyz`, 120_000);

    const token = await new SignJWT({
      agency: 'GS-NB',
      province: 'GS',
      roles: ['bureau_analyst'],
      scope: scopesForRoles(['bureau_analyst']).join(' '),
    })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'idp-1' })
      .setSubject('officer-compose')
      .setIssuer(envFile.HUB_JWT_ISSUER ?? '')
      .setAudience(envFile.HUB_JWT_AUDIENCE ?? '')
      .setExpirationTime('5m')
      .sign(issuer.privateKey);
    const { status, body } = await postGraphQL<{ cases: { totalCount: number } }>(
      `http://127.0.0.1:${ports.gateway}/graphql`,
      { query: '{ cases(first: 1) { totalCount } }' },
      { authorization: `Bearer ${token}`, 'x-purpose': 'INVESTIGATION' },
    );
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
    expect(body.data?.cases.totalCount).toBeGreaterThan(0);
    // Production: metrics only on the internal port, none on the published one.
    expect((await fetch(`http://127.0.0.1:${ports.gateway}/metrics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPorts.gateway}/metrics`)).status).toBe(200);
    // Eight processes, one health check process every 300 ms: minutes on a loaded shared machine.
  }, 300_000);
});
