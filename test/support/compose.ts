/**
 * Reading docker-compose.yml and the Dockerfile as Docker would, without a Docker engine: the
 * compose file's `${VAR}` interpolation from an env file, and the runtime stage's ENV (what every
 * container starts with before the service's own environment).
 *
 * Interpolation is hand-written: no maintained package implements the compose rules, which are
 * few — `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `$$`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { DockerfileParser } from 'dockerfile-ast';
import { parse as parseEnv } from 'dotenv';
import { parse as parseYaml } from 'yaml';

export const ROOT = path.join(__dirname, '..', '..');

export interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  networks?: string[];
  profiles?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  volumes?: string[];
  read_only?: boolean;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  networks: Record<string, { internal?: boolean } | null>;
}

const VARIABLE =
  /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Compose's interpolation of one string; throws like compose does on a `?` variable unset. */
export function interpolate(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(
    VARIABLE,
    (match, braced?: string, op?: string, arg?: string, bare?: string) => {
      if (match === '$$') {
        return '$';
      }
      const name = (braced ?? bare) as string;
      const value = env[name];
      const missing = op?.startsWith(':') ? !value : value === undefined;
      if (op?.endsWith('-')) {
        return missing ? (arg ?? '') : (value as string);
      }
      if (op?.endsWith('?') && missing) {
        throw new Error(`required variable ${name} is missing a value: ${arg ?? ''}`);
      }
      return value ?? '';
    },
  );
}

function interpolateAll(value: unknown, env: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') {
    return interpolate(value, env);
  }
  if (Array.isArray(value)) {
    return value.map((item) => interpolateAll(item, env));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateAll(item, env)]),
    );
  }
  return value;
}

export async function readComposeText(): Promise<string> {
  return readFile(path.join(ROOT, 'docker-compose.yml'), 'utf8');
}

/** docker-compose.yml with anchors merged and variables interpolated from `env`. */
export async function readCompose(env: Readonly<Record<string, string>>): Promise<ComposeFile> {
  const raw = parseYaml(await readComposeText(), { merge: true }) as unknown;
  return interpolateAll(raw, env) as ComposeFile;
}

/** Every variable the compose file interpolates. */
export function composeVariables(text: string): Set<string> {
  return new Set([...text.matchAll(VARIABLE)].map((m) => m[1] ?? m[4]).filter(Boolean) as string[]);
}

/** An env file's variables, parsed as compose and dotenv read them. */
export function parseEnvFile(text: string): Record<string, string> {
  return parseEnv(text);
}

/** The Dockerfile's last stage: its base image, ENV, user, HEALTHCHECK and ENTRYPOINT + CMD. */
export async function runtimeStage(): Promise<{
  froms: string[];
  env: Record<string, string>;
  user?: string;
  healthcheck?: string;
  entrypoint?: string;
  cmd?: string;
}> {
  const text = await readFile(path.join(ROOT, 'Dockerfile'), 'utf8');
  const dockerfile = DockerfileParser.parse(text);
  const froms = dockerfile.getFROMs();
  const lastFrom = froms[froms.length - 1];
  const start = lastFrom?.getRange().start.line ?? 0;
  const inRuntime = dockerfile
    .getInstructions()
    .filter((instruction) => instruction.getRange().start.line >= start);
  const last = (keyword: string) =>
    inRuntime
      .filter((i) => i.getKeyword() === keyword)
      .at(-1)
      ?.getArgumentsContent() ?? undefined;
  const env: Record<string, string> = {};
  for (const instruction of dockerfile.getENVs()) {
    if (instruction.getRange().start.line >= start) {
      for (const property of instruction.getProperties()) {
        env[property.getName()] = property.getValue() ?? '';
      }
    }
  }
  return {
    froms: froms.map((from) => from.getImage() ?? ''),
    env,
    user: last('USER'),
    healthcheck: last('HEALTHCHECK'),
    entrypoint: last('ENTRYPOINT'),
    cmd: last('CMD'),
  };
}
