/**
 * POST /console/export: the access-log entries a filter selects, streamed as CSV or NDJSON.
 *
 * The route reads nothing itself. It pages through the gateway's own GraphQL endpoint
 * (`app.inject`: the whole HTTP pipeline, in process) with the caller's token, purpose and
 * address, so every page is authenticated, access-controlled, limited and audited exactly like
 * any other request — an export is its pages in the trail, sharing one client request id
 * (`export:<uuid>`, answered in `x-export-id`). Its own request is therefore not recorded again,
 * unless it is refused before a page was asked (then the trail records that refusal).
 *
 * The form: `token`, `format` (csv or ndjson), `requestPurpose` (the x-purpose the pages are
 * asked with; AUDIT unless given) and AccessLogFilter's fields by name (`purpose` among them is
 * the filter's). The token comes in the form body, never the URL (URLs end up in logs and history). Rows
 * are pulled one page at a time as the client reads (a stream's back-pressure), so memory
 * holds one page whatever the export's length. A page that fails after the first aborts the
 * response: a cut-off download must not pass for a whole one.
 */
import { randomUUID } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';

import { stringify } from 'csv-stringify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { errorBody, JSON_TYPE } from '../../platform/http.js';
import { ERROR_CODES } from '../../schema/errors.js';
import { markRelayed } from '../audit/trail.js';

import {
  CSV_COLUMNS,
  csvRecord,
  EXPORT_FILTER_FIELDS,
  EXPORT_PAGE_SIZE,
  EXPORT_QUERY,
  type ExportedEntry,
} from './export-query.js';

export const EXPORT_PATH = '/console/export';

const FORMATS = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
} as const;
type Format = keyof typeof FORMATS;

interface ExportForm {
  readonly token: string;
  readonly purpose: string;
  readonly format: Format;
  readonly filter: Record<string, string>;
}

interface Page {
  readonly entries: ExportedEntry[];
  readonly next: string | null;
}

class PageRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`export page refused (${status})`);
  }
}

function formOf(body: unknown): ExportForm | string {
  if (!body || typeof body !== 'object') {
    return 'Send the export as a form (application/x-www-form-urlencoded)';
  }
  const fields = body as Record<string, unknown>;
  const text = (name: string) => (typeof fields[name] === 'string' ? fields[name].trim() : '');
  const format = text('format') || 'csv';
  if (!(format in FORMATS)) {
    return 'format must be csv or ndjson';
  }
  const filter: Record<string, string> = {};
  for (const name of EXPORT_FILTER_FIELDS) {
    if (text(name)) {
      filter[name] = text(name);
    }
  }
  return {
    token: text('token'),
    purpose: text('requestPurpose') || 'AUDIT',
    format: format as Format,
    filter,
  };
}

/** One page from the gateway's own endpoint, as the caller. */
async function fetchPage(
  app: FastifyInstance,
  request: FastifyRequest,
  form: ExportForm,
  exportId: string,
  after: string | null,
): Promise<Page> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: request.ip,
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      'x-purpose': form.purpose,
      'x-request-id': exportId,
      ...(form.token ? { authorization: `Bearer ${form.token}` } : {}),
    },
    payload: JSON.stringify({
      query: EXPORT_QUERY,
      operationName: 'AccessLogExport',
      variables: { filter: form.filter, first: EXPORT_PAGE_SIZE, after },
    }),
  });
  const body = response.json<{
    data?: { accessLog?: { edges: { node: ExportedEntry }[]; pageInfo: PageInfo } | null } | null;
    errors?: { extensions?: { code?: string } }[];
  }>();
  const log = body.data?.accessLog;
  if (response.statusCode !== 200 || body.errors?.length || !log) {
    const code = body.errors?.[0]?.extensions?.code;
    const status =
      response.statusCode >= 400
        ? response.statusCode
        : code === ERROR_CODES.UNAUTHENTICATED
          ? 401
          : code === ERROR_CODES.FORBIDDEN || code === ERROR_CODES.UNAUTHORIZED_FIELD_OR_TYPE
            ? 403
            : 400;
    throw new PageRefused(status, response.body);
  }
  return {
    entries: log.edges.map((edge) => edge.node),
    next: log.pageInfo.hasNextPage ? log.pageInfo.endCursor : null,
  };
}

interface PageInfo {
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

async function* entriesFrom(
  first: Page,
  nextPage: (after: string) => Promise<Page>,
): AsyncGenerator<ExportedEntry> {
  let page = first;
  for (;;) {
    yield* page.entries;
    if (!page.next) {
      return;
    }
    page = await nextPage(page.next);
  }
}

function body(format: Format, entries: AsyncGenerator<ExportedEntry>): Readable {
  if (format === 'ndjson') {
    return Readable.from(
      (async function* () {
        for await (const entry of entries) {
          yield `${JSON.stringify(entry)}\n`;
        }
      })(),
    );
  }
  const csv = stringify({
    header: true,
    columns: [...CSV_COLUMNS],
    // A cell starting with = + - @ (or tab, CR) is prefixed with ' so a spreadsheet shows it
    // as text instead of running it (CSV injection): officers' ids and references are input.
    escape_formulas: true,
  });
  const rows = Readable.from(
    (async function* () {
      for await (const entry of entries) {
        yield csvRecord(entry);
      }
    })(),
  );
  // pipeline: a failed page destroys the CSV stream (the response is cut off), and a client
  // that goes away destroys the rows (no further page is asked for).
  pipeline(rows, csv, () => undefined);
  return csv;
}

function refuse(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type(JSON_TYPE).send(errorBody(ERROR_CODES.BAD_USER_INPUT, message));
}

/** The export route, with the form parser it alone accepts (the GraphQL endpoint takes JSON). */
export async function exportRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, text, done) => done(null, Object.fromEntries(new URLSearchParams(text as string))),
    );
    scope.post(EXPORT_PATH, async (request, reply) => {
      const form = formOf(request.body);
      if (typeof form === 'string') {
        return refuse(reply, 400, form);
      }
      const exportId = `export:${randomUUID()}`;
      let first: Page;
      try {
        first = await fetchPage(app, request, form, exportId, null);
      } catch (error) {
        if (error instanceof PageRefused) {
          markRelayed(request);
          return reply.code(error.status).type(JSON_TYPE).send(error.body);
        }
        throw error;
      }
      markRelayed(request);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      return reply
        .type(FORMATS[form.format])
        .header('x-export-id', exportId)
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="access-log-${stamp}.${form.format}"`)
        .send(
          body(
            form.format,
            entriesFrom(first, (after) => fetchPage(app, request, form, exportId, after)),
          ),
        );
    });
  });
}
