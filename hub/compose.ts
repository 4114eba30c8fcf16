/**
 * Static composition: every subgraph's SDL (emitted to schema/subgraphs/) composed with
 * @apollo/composition into schema/supergraph.graphql, the committed contract the gateway serves.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

import { SUBGRAPH_SDL_DIR, SUPERGRAPH_PATH } from '../platform/paths.js';
import { DEFAULT_PORTS } from '../schema/subgraph-names.js';
import { buildSubgraph } from '../subgraphs/kit/index.js';

import { enabledSubgraphs } from './registry.js';

export interface Composition {
  readonly supergraphSdl: string;
  readonly subgraphSdl: Readonly<Record<string, string>>;
}

export async function compose(): Promise<Composition> {
  const subgraphSdl: Record<string, string> = {};
  for (const definition of enabledSubgraphs()) {
    subgraphSdl[definition.name] = (await buildSubgraph(definition)).sdl;
  }
  const result = composeServices(
    Object.entries(subgraphSdl).map(([name, sdl]) => ({
      name,
      typeDefs: parse(sdl),
      url: `http://127.0.0.1:${DEFAULT_PORTS[name as keyof typeof DEFAULT_PORTS]}/graphql`,
    })),
  );
  if (result.errors) {
    throw new Error(
      `Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`,
    );
  }
  return { supergraphSdl: `${result.supergraphSdl.trimEnd()}\n`, subgraphSdl };
}

export async function writeComposition(composition: Composition): Promise<void> {
  await mkdir(SUBGRAPH_SDL_DIR, { recursive: true });
  for (const [name, sdl] of Object.entries(composition.subgraphSdl)) {
    await writeFile(path.join(SUBGRAPH_SDL_DIR, `${name}.graphql`), sdl);
  }
  await writeFile(SUPERGRAPH_PATH, composition.supergraphSdl);
}

/** Files whose committed content differs from what the subgraphs compose to now. */
export async function staleFiles(composition: Composition): Promise<string[]> {
  const expected: [string, string][] = [
    [SUPERGRAPH_PATH, composition.supergraphSdl],
    ...Object.entries(composition.subgraphSdl).map(
      ([name, sdl]) => [path.join(SUBGRAPH_SDL_DIR, `${name}.graphql`), sdl] as [string, string],
    ),
  ];
  const stale: string[] = [];
  for (const [file, content] of expected) {
    const current = await readFile(file, 'utf8').catch(() => undefined);
    if (current !== content) {
      stale.push(path.relative(process.cwd(), file));
    }
  }
  return stale;
}
