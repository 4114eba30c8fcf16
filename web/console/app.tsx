/**
 * The audit console. Everything it shows is asked of the gateway's /graphql with the signed-in
 * caller's token and the AUDIT purpose, so each view is itself in the trail and obeys every
 * access rule: a token without audit:read gets a refusal and no data.
 */
import { useCallback, useEffect, useState } from 'react';

import { claimsOf, graphql, RequestRefused } from '../shared/graphql';
import { storedToken, storeToken } from '../shared/session';

import { ChartsPanel } from './charts';
import { EntryDetail } from './entry-detail';
import { ExportForm } from './export-form';
import { filterOf, Filters, type FilterForm } from './filters';
import { IntegrityPanel } from './integrity';
import { LogTable } from './log-table';
import {
  CHARTS_QUERY,
  INTEGRITY_QUERY,
  LOG_QUERY,
  PURPOSE,
  SEALED_RECORD_TYPE,
  type Charts,
  type Entry,
  type Integrity,
  type LogPage,
} from './queries';
import { SignIn } from './sign-in';

function refusalText(error: unknown): string {
  if (error instanceof RequestRefused) {
    if (error.code === 'FORBIDDEN' || error.code === 'UNAUTHORIZED_FIELD_OR_TYPE') {
      return `Access refused: the audit log is for auditors (scope audit:read), and this token does not carry it. ${error.message}`;
    }
    if (error.code === 'UNAUTHENTICATED') {
      return `Not signed in: ${error.message}`;
    }
    return `${error.code ?? `HTTP ${error.status}`}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function Signed(props: { token: string; onSignOut: () => void }) {
  const { token } = props;
  const claims = claimsOf(token);
  const [filter, setFilter] = useState<Record<string, string>>({});
  const [pageSize, setPageSize] = useState(50);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  // The page shown and its number, set together when it arrives (not when it is asked for).
  const [shown, setShown] = useState<{ log: LogPage['accessLog']; number: number }>();
  const page = shown?.log;
  const [loading, setLoading] = useState(false);
  const [refused, setRefused] = useState<string>();
  const [selected, setSelected] = useState<Entry>();
  const [charts, setCharts] = useState<Charts>();
  const [chartsError, setChartsError] = useState<string>();
  const [integrity, setIntegrity] = useState<Integrity['auditIntegrity']>();
  const [checkedAt, setCheckedAt] = useState<Date>();
  const [checking, setChecking] = useState(false);
  const [integrityError, setIntegrityError] = useState<string>();
  const after = cursors[cursors.length - 1] ?? null;
  const pageNumber = cursors.length;

  useEffect(() => {
    let current = true;
    setLoading(true);
    graphql<LogPage>(token, PURPOSE, LOG_QUERY, { filter, first: pageSize, after })
      .then((data) => {
        if (current) {
          setShown({ log: data.accessLog, number: pageNumber });
          setRefused(undefined);
        }
      })
      .catch((error: unknown) => {
        if (current) {
          setShown(undefined);
          setRefused(refusalText(error));
        }
      })
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [token, filter, pageSize, after, pageNumber]);

  useEffect(() => {
    let current = true;
    setCharts(undefined);
    graphql<Charts>(token, PURPOSE, CHARTS_QUERY, {
      filter,
      sealed: SEALED_RECORD_TYPE,
    })
      .then((data) => current && (setCharts(data), setChartsError(undefined)))
      .catch((error: unknown) => current && setChartsError(refusalText(error)));
    return () => {
      current = false;
    };
  }, [token, filter]);

  const check = useCallback(() => {
    setChecking(true);
    graphql<Integrity>(token, PURPOSE, INTEGRITY_QUERY)
      .then((data) => {
        setIntegrity(data.auditIntegrity);
        setCheckedAt(new Date());
        setIntegrityError(undefined);
      })
      .catch((error: unknown) => setIntegrityError(refusalText(error)))
      .finally(() => setChecking(false));
  }, [token]);
  useEffect(check, [check]);

  const apply = (form: FilterForm) => {
    setFilter(filterOf(form));
    setCursors([null]);
    setSelected(undefined);
  };

  return (
    <>
      <div className="identity" data-testid="identity">
        Signed in as <strong>{claims?.sub ?? 'unknown'}</strong> — role{' '}
        <strong data-testid="identity-roles">{claims?.roles?.join(', ') ?? '?'}</strong>, agency{' '}
        <strong data-testid="identity-agency">{claims?.agency ?? '?'}</strong>
        {claims?.province ? ` (${claims.province})` : ''}
        <button type="button" onClick={props.onSignOut}>
          Sign out
        </button>
      </div>
      {refused ? (
        <p className="refused" role="alert" data-testid="refused">
          {refused}
        </p>
      ) : (
        <>
          <IntegrityPanel
            integrity={integrity}
            checkedAt={checkedAt}
            checking={checking}
            error={integrityError}
            onCheck={check}
          />
          <ChartsPanel data={charts} error={chartsError} />
          <Filters onApply={apply} />
          <ExportForm token={token} filter={filter} />
          <div className="log-and-detail">
            {page && shown && (
              <LogTable
                entries={page.edges.map((e) => e.node)}
                totalCount={page.totalCount}
                pageNumber={shown.number}
                pageSize={pageSize}
                hasNext={page.pageInfo.hasNextPage}
                loading={loading}
                selected={selected?.id}
                onSelect={setSelected}
                onNext={() =>
                  page.pageInfo.endCursor && setCursors([...cursors, page.pageInfo.endCursor])
                }
                onPrevious={cursors.length > 1 ? () => setCursors(cursors.slice(0, -1)) : undefined}
                onPageSize={(size) => {
                  setPageSize(size);
                  setCursors([null]);
                }}
              />
            )}
            {selected && <EntryDetail entry={selected} onClose={() => setSelected(undefined)} />}
          </div>
        </>
      )}
    </>
  );
}

export function App() {
  const [token, setToken] = useState(storedToken());
  const signIn = (value: string) => {
    storeToken(value);
    setToken(value);
  };
  return (
    <div className="console">
      <header className="top">
        <h1>Interagency Hub — audit console</h1>
        <a href="/graphiql">Query explorer</a>
      </header>
      <main>
        {token ? (
          <Signed key={token} token={token} onSignOut={() => signIn('')} />
        ) : (
          <SignIn onToken={signIn} />
        )}
      </main>
    </div>
  );
}
