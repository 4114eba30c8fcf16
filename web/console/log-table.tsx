/** One page of the access log, newest first, with cursor paging (forward, and back by memory). */
import type { Entry } from './queries';

function when(at: string): string {
  return at.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function LogTable(props: {
  entries: readonly Entry[];
  totalCount: number;
  pageNumber: number;
  pageSize: number;
  hasNext: boolean;
  loading: boolean;
  selected: string | undefined;
  onSelect: (entry: Entry) => void;
  onNext: () => void;
  onPrevious: (() => void) | undefined;
  onPageSize: (size: number) => void;
}) {
  const first = (props.pageNumber - 1) * props.pageSize + 1;
  const last = first + props.entries.length - 1;
  return (
    <section className="log">
      <div className="pager">
        <span data-testid="page-range">
          {props.entries.length ? `${first}–${last}` : '0'} of {props.totalCount} entries (page{' '}
          {props.pageNumber})
        </span>
        <label>
          Per page
          <select
            name="pageSize"
            value={props.pageSize}
            onChange={(e) => props.onPageSize(Number(e.target.value))}
          >
            {[25, 50, 100, 200].map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={!props.onPrevious || props.loading}
          onClick={props.onPrevious}
        >
          ← Newer
        </button>
        <button type="button" disabled={!props.hasNext || props.loading} onClick={props.onNext}>
          Older →
        </button>
      </div>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>At (UTC)</th>
            <th>Officer</th>
            <th>Agency</th>
            <th>Operation</th>
            <th>Purpose</th>
            <th>Outcome</th>
            <th>Records</th>
            <th>Denied</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((entry) => (
            <tr
              key={entry.id}
              className={entry.id === props.selected ? 'selected' : undefined}
              onClick={() => props.onSelect(entry)}
              data-entry-id={entry.id}
            >
              <td>{entry.id}</td>
              <td>{when(entry.at)}</td>
              <td className="officer">{entry.principal.sub ?? '—'}</td>
              <td>{entry.principal.agency ?? '—'}</td>
              <td>{entry.operationName ?? entry.operationType ?? '—'}</td>
              <td>
                {entry.purpose ?? '—'}
                {entry.purposeReference ? `: ${entry.purposeReference}` : ''}
              </td>
              <td className={`outcome outcome-${entry.outcome}`}>{entry.outcome}</td>
              <td>{entry.recordsAccessed.length}</td>
              <td>{entry.fieldsDenied.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.entries.length === 0 && !props.loading && <p className="muted">No entries match.</p>}
    </section>
  );
}
