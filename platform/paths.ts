/** Locations inside the project, valid from sources (ts-jest) and from the compiled dist/. */
import { existsSync } from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error('package.json not found above ' + start);
    }
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot(__dirname);
export const SUPERGRAPH_PATH = path.join(PROJECT_ROOT, 'schema', 'supergraph.graphql');
export const SUBGRAPH_SDL_DIR = path.join(PROJECT_ROOT, 'schema', 'subgraphs');
export const WEB_DIR = path.join(PROJECT_ROOT, 'dist', 'web');
