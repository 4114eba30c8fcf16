/**
 * Export of the filtered entries: a plain form POST, so the browser streams the download to
 * disk as the gateway pages through the log (nothing held in this page), and the token travels
 * in the body, never in a URL.
 */
import { PURPOSE } from './queries';

export function ExportForm(props: { token: string; filter: Readonly<Record<string, string>> }) {
  return (
    <form className="export" method="post" action="/console/export" aria-label="Export">
      <input type="hidden" name="token" value={props.token} />
      <input type="hidden" name="requestPurpose" value={PURPOSE} />
      {Object.entries(props.filter).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <span>Export these entries:</span>
      <button type="submit" name="format" value="csv">
        CSV
      </button>
      <button type="submit" name="format" value="ndjson">
        NDJSON
      </button>
    </form>
  );
}
