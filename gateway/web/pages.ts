/**
 * The browser pages the gateway serves itself: the audit console at /console and GraphiQL at
 * /graphiql, built by Vite into dist/web (scripts/build-web.mjs). Only the files found there at
 * start are served (a fixed table: no path from a request reaches the file system), with
 * security headers: a CSP that allows nothing inline and nothing from another host. GraphiQL's
 * editor (Monaco) sets inline styles and loads its icon font as data, so /graphiql alone allows
 * inline styles and data: fonts; its scripts stay 'self' only.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import type { FastifyInstance, FastifyReply } from 'fastify';

import { errorBody, JSON_TYPE } from '../../platform/http.js';
import { ERROR_CODES } from '../../schema/errors.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

/** The CSP of /graphiql: the gateway's strict policy plus what Monaco needs (see above). */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface WebFile {
  readonly body: Buffer;
  readonly type: string;
}

async function readTree(dir: string, prefix = ''): Promise<Map<string, WebFile>> {
  const files = new Map<string, WebFile>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = `${prefix}/${entry.name}`;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      for (const [name, file] of await readTree(full, relative)) {
        files.set(name, file);
      }
    } else {
      const type = TYPES[path.extname(entry.name)];
      if (type) {
        files.set(relative, { body: await readFile(full), type });
      }
    }
  }
  return files;
}

/** The built pages under `dir`, or none when they were not built. */
export async function loadWebFiles(dir: string): Promise<ReadonlyMap<string, WebFile>> {
  try {
    return await readTree(dir);
  } catch {
    return new Map();
  }
}

function notBuilt(reply: FastifyReply): FastifyReply {
  const message = 'This page is not built here: run `npm run build` (it builds dist/web)';
  return reply.code(404).type(JSON_TYPE).send(errorBody(ERROR_CODES.NOT_FOUND, message));
}

/** Routes of the pages and their hashed assets (`/assets/<name>`, cached for good). */
export function webPageRoutes(app: FastifyInstance, files: ReadonlyMap<string, WebFile>): void {
  const page = (name: string, csp?: string) => async (_request: unknown, reply: FastifyReply) => {
    const file = files.get(name);
    if (!file) {
      return notBuilt(reply);
    }
    if (csp) {
      void reply.header('content-security-policy', csp);
    }
    return reply.header('cache-control', 'no-cache').type(file.type).send(file.body);
  };
  app.get('/console', page('/console/index.html'));
  app.get('/graphiql', page('/graphiql/index.html', GRAPHIQL_CSP));
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const file = files.get(`/assets/${request.params.name}`);
    if (!file) {
      return reply.callNotFound();
    }
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .type(file.type)
      .send(file.body);
  });
}
