/**
 * GraphiQL over the hub's own /graphql: the caller's token and stated purpose go with every
 * request (schema introspection included), so the explorer sees exactly what the caller may.
 */
import { GraphiQL } from 'graphiql';
import { useMemo, useState } from 'react';

import { PURPOSES, storedToken, storeToken } from '../shared/session';

interface FetchParams {
  readonly query: string;
  readonly operationName?: string | null;
  readonly variables?: unknown;
}

export function Explorer() {
  const [token, setToken] = useState(storedToken());
  const [purpose, setPurpose] = useState<string>('INVESTIGATION');
  const [reference, setReference] = useState('');
  const statedPurpose = reference.trim() ? `${purpose}:${reference.trim()}` : purpose;
  const fetcher = useMemo(
    () => async (params: FetchParams) => {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        'x-purpose': statedPurpose,
      };
      if (token.trim()) {
        headers.authorization = `Bearer ${token.trim()}`;
      }
      const response = await fetch('/graphql', {
        method: 'POST',
        headers,
        body: JSON.stringify(params),
      });
      return (await response.json()) as unknown as Record<string, unknown>;
    },
    [token, statedPurpose],
  );
  return (
    <div className="explorer">
      <form className="explorer-bar" onSubmit={(event) => event.preventDefault()}>
        <strong>Interagency Hub — query explorer</strong>
        <label>
          Token
          <input
            name="token"
            type="password"
            value={token}
            placeholder="paste a bearer token"
            onChange={(event) => {
              setToken(event.target.value);
              storeToken(event.target.value);
            }}
          />
        </label>
        <label>
          Purpose
          <select name="purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)}>
            {PURPOSES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label>
          Reference
          <input
            name="reference"
            value={reference}
            placeholder="court order, case number"
            onChange={(e) => setReference(e.target.value)}
          />
        </label>
        <a href="/console">Audit console</a>
      </form>
      <div className="explorer-main">
        <GraphiQL key={`${token}|${statedPurpose}`} fetcher={fetcher} />
      </div>
    </div>
  );
}
