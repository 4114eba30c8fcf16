/** The hash chain's state, in plain sight, checked again on demand. */
import type { Integrity } from './queries';

export function IntegrityPanel(props: {
  integrity: Integrity['auditIntegrity'] | undefined;
  checkedAt: Date | undefined;
  checking: boolean;
  error: string | undefined;
  onCheck: () => void;
}) {
  const { integrity } = props;
  return (
    <section className="integrity" aria-label="Chain integrity">
      <h2>Chain integrity</h2>
      {props.error && <p className="error">{props.error}</p>}
      {integrity && (
        <dl>
          <dt>Verified</dt>
          <dd data-testid="chain-verified" className={integrity.verified ? 'verified' : 'broken'}>
            {integrity.verified ? 'yes — every record links to the one before' : 'NO'}
          </dd>
          <dt>Length</dt>
          <dd data-testid="chain-length">{integrity.length}</dd>
          <dt>Head hash</dt>
          <dd className="mono">{integrity.headHash}</dd>
          {integrity.firstBrokenId && (
            <>
              <dt>First broken record</dt>
              <dd>{integrity.firstBrokenId}</dd>
            </>
          )}
          {integrity.problem && (
            <>
              <dt>Problem</dt>
              <dd>{integrity.problem}</dd>
            </>
          )}
          <dt>Checked at</dt>
          <dd data-testid="chain-checked-at">{props.checkedAt?.toISOString() ?? '—'}</dd>
        </dl>
      )}
      <button type="button" onClick={props.onCheck} disabled={props.checking}>
        {props.checking ? 'Checking…' : 'Check again'}
      </button>
    </section>
  );
}
