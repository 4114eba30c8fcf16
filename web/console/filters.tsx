/** The access-log filters: each one a condition of AccessLogFilter (all must hold). */
import { useState, type FormEvent } from 'react';

export type FilterForm = Readonly<Record<string, string>>;

export const OUTCOMES = ['', 'OK', 'PARTIAL', 'DENIED', 'ERROR', 'PENDING'] as const;

const TEXT_FIELDS: readonly (readonly [string, string, string])[] = [
  ['officer', 'Officer', 'token subject'],
  ['agency', 'Agency', 'e.g. GS-NB'],
  ['recordType', 'Record type', 'e.g. JuvenileRecord'],
  ['recordId', 'Record id', 'who saw this record?'],
  ['purpose', 'Purpose', 'e.g. JUDICIAL'],
  ['purposeReference', 'Purpose reference', 'court order, case number'],
  ['requestId', 'Request id', "hub's or client's id"],
  ['clientAddress', 'Client address', 'e.g. 10.0.0.7'],
  ['deniedField', 'Denied field', 'e.g. Person.nationalId'],
];

/** The GraphQL filter of a form: empty fields left out, dates as whole UTC days. */
export function filterOf(form: FilterForm): Record<string, string> {
  const filter: Record<string, string> = {};
  for (const [name, value] of Object.entries(form)) {
    const text = value.trim();
    if (!text) {
      continue;
    }
    if (name === 'from') {
      filter.from = `${text}T00:00:00.000Z`;
    } else if (name === 'to') {
      filter.to = `${text}T23:59:59.999Z`;
    } else {
      filter[name] = text;
    }
  }
  return filter;
}

export function Filters(props: { onApply: (form: FilterForm) => void }) {
  const [form, setForm] = useState<Record<string, string>>({});
  const set = (name: string, value: string) => setForm((old) => ({ ...old, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onApply(form);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Filters">
      {TEXT_FIELDS.map(([name, label, placeholder]) => (
        <label key={name}>
          {label}
          <input
            name={name}
            value={form[name] ?? ''}
            placeholder={placeholder}
            onChange={(e) => set(name, e.target.value)}
          />
        </label>
      ))}
      <label>
        Outcome
        <select
          name="outcome"
          value={form.outcome ?? ''}
          onChange={(e) => set('outcome', e.target.value)}
        >
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o || 'any'}
            </option>
          ))}
        </select>
      </label>
      <label>
        From
        <input
          type="date"
          name="from"
          value={form.from ?? ''}
          onChange={(e) => set('from', e.target.value)}
        />
      </label>
      <label>
        To
        <input
          type="date"
          name="to"
          value={form.to ?? ''}
          onChange={(e) => set('to', e.target.value)}
        />
      </label>
      <div className="filter-buttons">
        <button type="submit">Apply filters</button>
        <button
          type="button"
          onClick={() => {
            setForm({});
            props.onApply({});
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
