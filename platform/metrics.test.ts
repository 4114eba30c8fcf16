import { OperationLabels, metricsText } from './metrics.js';

describe('operation labels', () => {
  it('label the first names seen and count the rest as other', () => {
    const labels = new OperationLabels(2);
    expect(['A', 'B', 'C', 'A', 'B', 'D'].map((name) => labels.of(name))).toEqual([
      'A',
      'B',
      'other',
      'A',
      'B',
      'other',
    ]);
  });

  it('tell anonymous, unresolved and invalid names apart without echoing them', () => {
    const labels = new OperationLabels(10);
    expect(labels.of(null)).toBe('anonymous');
    expect(labels.of(undefined)).toBe('none');
    expect(labels.of('Robert"); DROP TABLE --')).toBe('other');
    expect(labels.of('x'.repeat(101))).toBe('other');
  });

  it('with an allow list, label only those names', () => {
    const labels = new OperationLabels(10, new Set(['Cases']));
    expect([labels.of('Cases'), labels.of('Persons')]).toEqual(['Cases', 'other']);
  });
});

describe('series of a closed label set', () => {
  it('exist at zero before the first event', async () => {
    const { body } = await metricsText();
    expect(body).toContain('hub_auth_failures_total{reason="expired"} 0');
    expect(body).toContain('hub_limit_refusals_total{limit="cost"} 0');
    expect(body).toContain('hub_audit_failures_total{kind="store"} 0');
  });
});
