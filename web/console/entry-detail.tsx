/** One entry in full: what was asked, withheld and returned, and its place in the chain. */
import type { Entry } from './queries';

export function EntryDetail(props: { entry: Entry; onClose: () => void }) {
  const { entry } = props;
  return (
    <aside className="detail" aria-label="Entry detail">
      <header>
        <h2>Entry {entry.id}</h2>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </header>
      <dl>
        <dt>At</dt>
        <dd>{entry.at}</dd>
        <dt>Officer</dt>
        <dd>
          {entry.principal.sub ?? '—'} ({entry.principal.roles.join(', ') || 'no role'}),{' '}
          {entry.principal.agency ?? '—'} / {entry.principal.province ?? '—'}
        </dd>
        <dt>Purpose</dt>
        <dd>
          {entry.purpose ?? '—'}
          {entry.purposeReference ? ` — ${entry.purposeReference}` : ''}
        </dd>
        <dt>Operation</dt>
        <dd>
          {entry.operationType ?? '—'} {entry.operationName ?? ''}
        </dd>
        <dt>Outcome</dt>
        <dd>
          {entry.outcome} (HTTP {entry.httpStatus}, {entry.durationMs.toFixed(1)} ms)
          {entry.errorCodes.length ? ` — ${entry.errorCodes.join(', ')}` : ''}
        </dd>
        <dt>Request id</dt>
        <dd className="mono">{entry.requestId}</dd>
        <dt>Client request id</dt>
        <dd className="mono">{entry.clientRequestId ?? '—'}</dd>
        <dt>Client address</dt>
        <dd className="mono">{entry.clientAddress ?? '—'}</dd>
        <dt>Hash</dt>
        <dd className="mono" data-testid="entry-hash">
          {entry.hash}
        </dd>
        <dt>Previous hash</dt>
        <dd className="mono">{entry.prevHash}</dd>
      </dl>
      <h3>Fields requested ({entry.fieldsRequested.length})</h3>
      <ul className="chips">
        {entry.fieldsRequested.map((field) => (
          <li key={field}>{field}</li>
        ))}
      </ul>
      <h3>Fields denied ({entry.fieldsDenied.length})</h3>
      <table>
        <tbody>
          {entry.fieldsDenied.map((denied) => (
            <tr key={denied.path}>
              <td className="mono">{denied.coordinate}</td>
              <td className="mono">{denied.path}</td>
              <td>{denied.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Records accessed ({entry.recordsAccessed.length})</h3>
      <ul className="chips">
        {entry.recordsAccessed.map((record) => (
          <li key={`${record.type}:${record.id}`}>
            {record.type} {record.id}
          </li>
        ))}
      </ul>
    </aside>
  );
}
