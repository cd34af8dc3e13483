import { closePackManifest, type ClosePackSummary } from './close-pack';

const summary: ClosePackSummary = {
  period: '2026-10',
  periodStart: '2026-10-01T00:00:00.000Z',
  periodEnd: '2026-11-01T00:00:00.000Z',
  asOf: '2026-12-01T00:00:00.000Z',
  datasets: [{ name: 'invoices', description: 'd', rows: 3, totals: { USD: { total: '1892.8' } } }],
};
const file = (format: 'csv' | 'parquet') => ({ file: `invoices.${format}`, format, bytes: 10, sha256: 'ab' });

describe('closePackManifest', () => {
  it('lists every file with its dataset row count beside the summary', () => {
    const manifest = closePackManifest(summary, new Map([['invoices', [file('csv'), file('parquet')]]]), 'hourglass 0.1.0');
    expect(manifest).toMatchObject({ generatedBy: 'hourglass 0.1.0', period: '2026-10', asOf: summary.asOf });
    expect(manifest.files).toEqual([
      { dataset: 'invoices', rows: 3, file: 'invoices.csv', format: 'csv', bytes: 10, sha256: 'ab' },
      { dataset: 'invoices', rows: 3, file: 'invoices.parquet', format: 'parquet', bytes: 10, sha256: 'ab' },
    ]);
  });

  it('refuses a pack with a file missing: an auditor must find every dataset in both formats', () => {
    expect(() => closePackManifest(summary, new Map([['invoices', [file('csv')]]]), 'x')).toThrow(/invoices has 1 files/);
  });
});
