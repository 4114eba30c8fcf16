/*
 * docker-compose.yml cannot run here (no Docker engine), so it is checked by other means: its
 * shape is parsed and checked against the hub's configuration and CLI, then the same services
 * run as separate processes with the same commands and environment (host names → loopback).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { parse } from 'yaml';

import { enabledSubgraphs } from '../hub/registry.js';
import { loadConfig } from '../platform/config.js';
import { DATABASE_ROLES } from '../schema/database-roles.js';

import { adminUrl, dropDatabases, testPrefix } from './support/database.js';
import { postGraphQL, testPassword } from './support/hub.js';
import {
  freePort,
  runHub,
  startHubProcess,
  waitFor,
  type HubProcess,
} from './support/processes.js';

interface Service {
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  image?: string;
}

const CLI_COMMANDS = ['start', 'gateway', 'subgraph', 'migrate', 'seed', 'token', 'compose'];

let services: Record<string, Service>;
beforeAll(async () => {
  const file = await readFile(path.join(__dirname, '..', 'docker-compose.yml'), 'utf8');
  services = (parse(file, { merge: true }) as { services: Record<string, Service> }).services;
});

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, every subgraph and the gateway as separate services', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining([
        'postgres',
        'migrate',
        'gateway',
        ...enabledSubgraphs().map((s) => s.name),
      ]),
    );
  });

  it('gives every hub service a real hub command and a valid configuration', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'postgres') {
        continue;
      }
      expect(CLI_COMMANDS).toContain(service.command?.[0]);
      expect(() => loadConfig(service.environment ?? {})).not.toThrow();
    }
  });

  it('points the gateway at every subgraph service on its configured port', () => {
    const gateway = loadConfig(services.gateway?.environment ?? {});
    for (const subgraph of enabledSubgraphs()) {
      const service = services[subgraph.name];
      expect(service?.command).toEqual(['subgraph', subgraph.name]);
      const own = loadConfig(service?.environment ?? {});
      expect(gateway.subgraphs[subgraph.name].url).toBe(
        `http://${subgraph.name}:${own.subgraphs[subgraph.name].port}/graphql`,
      );
      expect(services.gateway?.depends_on?.[subgraph.name]).toBeDefined();
      expect(own.subgraphs[subgraph.name].databaseUrl).toContain(`hub_${subgraph.name}_app`);
    }
  });
});

describe('the compose services as separate processes', () => {
  const prefix = testPrefix();
  let home: string;
  const running: HubProcess[] = [];

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'hub-compose-'));
  });
  afterAll(async () => {
    for (const process of running) {
      await process.stop();
    }
    await dropDatabases(prefix);
    await rm(home, { recursive: true, force: true });
  });

  /** The service's environment with docker host names replaced by loopback addresses. */
  function localEnv(service: Service, ports: Record<string, number>): Record<string, string> {
    const env: Record<string, string> = {
      HUB_HOME: home,
      HUB_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      HUB_DB_PREFIX: prefix,
    };
    const server = new URL(adminUrl());
    for (const [key, value] of Object.entries(service.environment ?? {})) {
      if (key === 'HUB_HOME' || key === 'HUB_HOST' || key === 'LOG_LEVEL') {
        continue;
      }
      // Roles are shared by every test database on the server: keep the tests' passwords.
      let local = value
        .replace(/@postgres:5432\/hub_([a-z]+)/, `@${server.host}/${prefix}_$1`)
        .replace(/change-me-([a-z-]+)-db-password/g, (_match, name: string) => {
          const variable = `${name.toUpperCase().replace(/-/g, '_')}_DB_PASSWORD`;
          const role = DATABASE_ROLES.find(([, v]) => v === variable)?.[0] ?? '';
          return testPassword(role);
        });
      if (key === 'DATABASE_URL') {
        local = adminUrl();
      }
      for (const [name, port] of Object.entries(ports)) {
        local = local.replace(new RegExp(`//${name}:\\d+`), `//127.0.0.1:${port}`);
        if (key === `${name.toUpperCase()}_PORT` || (key === 'PORT' && name === 'gateway')) {
          local = String(port);
        }
      }
      env[key] = local;
    }
    return env;
  }

  it('migrate, each subgraph and the gateway work together', async () => {
    const ports: Record<string, number> = { gateway: await freePort() };
    for (const subgraph of enabledSubgraphs()) {
      ports[subgraph.name] = await freePort();
    }
    const migrate = await runHub(
      services.migrate?.command ?? [],
      localEnv(services.migrate ?? {}, ports),
    );
    expect(migrate).toMatchObject({ code: 0 });

    for (const subgraph of enabledSubgraphs()) {
      const service = services[subgraph.name] ?? {};
      running.push(startHubProcess(service.command ?? [], localEnv(service, ports)));
      await waitFor(`http://127.0.0.1:${ports[subgraph.name]}/readyz`);
    }
    const gatewayEnv = localEnv(services.gateway ?? {}, ports);
    running.push(startHubProcess(services.gateway?.command ?? [], gatewayEnv));
    await waitFor(`http://127.0.0.1:${ports.gateway}/readyz`);

    const token = await runHub(
      ['token', '--role', 'bureau_analyst', '--agency', 'GS-NB', '--province', 'GS'],
      gatewayEnv,
    );
    const { status, body } = await postGraphQL<{ cases: { totalCount: number } }>(
      `http://127.0.0.1:${ports.gateway}/graphql`,
      { query: '{ cases(first: 1) { totalCount } }' },
      { authorization: `Bearer ${token.output.trim()}`, 'x-purpose': 'INVESTIGATION' },
    );
    expect(status).toBe(200);
    expect(body.data?.cases.totalCount).toBeGreaterThan(0);
  }, 120_000);
});
