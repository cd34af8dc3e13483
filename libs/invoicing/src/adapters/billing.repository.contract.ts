import type { BillingRepository, BillingRun } from '../ports';
import { draftLine, issuedInvoice } from '../testing/issued-invoice.fixture';

const run = (over: Partial<BillingRun> = {}): BillingRun => ({
  runId: 'run_2026-09',
  period: '2026-09',
  status: 'started',
  usageWatermark: 42,
  fencingToken: 7,
  startedAtMs: Date.parse('2026-10-01T00:10:00.250Z'),
  invoices: 0,
  summary: '{"ackFloor":40}',
  ...over,
});

/**
 * The BillingRepository contract for what a billing run writes and reads back (runs, invoices and
 * what they billed). Usage (covered pieces, the watermark) is the SQL's, tested against chDB in
 * tests/integration/billing.test.ts and the scenarios.
 */
export function describeBillingRepositoryContract(name: string, setup: () => Promise<BillingRepository>): void {
  describe(`BillingRepository contract: ${name}`, () => {
    let repository: BillingRepository;
    beforeEach(async () => {
      repository = await setup();
    });

    it('tells started, unfinished and completed runs apart', async () => {
      await repository.recordRun(run());
      await repository.recordRun(run({ runId: 'run_2026-10', period: '2026-10' }));
      expect((await repository.unfinishedRuns()).map((r) => r.period)).toEqual(['2026-09', '2026-10']);
      expect(await repository.runs('2026-09')).toEqual([run()]);

      const completed = run({ status: 'completed', invoices: 3, summary: '{"totals":{}}' });
      await repository.recordRun(completed);
      expect(await repository.runs('2026-09')).toEqual([completed]);
      expect(await repository.completedRuns()).toEqual([completed]);
      expect((await repository.unfinishedRuns()).map((r) => r.period)).toEqual(['2026-10']);
    });

    it('numbers on from the highest invoice sequence of the entity and year, leaving out the given run', async () => {
      expect(await repository.maxInvoiceSeq('HG', 2026, 'run_2026-10')).toBe(0);
      await repository.writeInvoices([issuedInvoice({ seq: 1 }), issuedInvoice({ seq: 2 })], 'HG');
      expect(await repository.maxInvoiceSeq('HG', 2026, 'run_2026-10')).toBe(2);
      expect(await repository.maxInvoiceSeq('HG', 2026, 'run_2026-09')).toBe(0);
      expect(await repository.maxInvoiceSeq('HG', 2027, 'run_2026-10')).toBe(0);
      expect(await repository.maxInvoiceSeq('XY', 2026, 'run_2026-10')).toBe(0);
    });

    it('reports billed usage and reserved months of other runs, and a rewrite of a run counts once', async () => {
      const lines = [
        draftLine(),
        draftLine({ kind: 'adjustment', servicePeriod: '2026-08', gpuMs: 3_600_000n }),
        draftLine({ kind: 'reserved', rentalId: 'r-2', servicePeriod: '2026-10', gpuMs: 0n, gpuCount: 4 }),
      ];
      await repository.writeInvoices([issuedInvoice({ seq: 1, lines })], 'HG');
      await repository.writeInvoices([issuedInvoice({ seq: 1, lines })], 'HG');
      const usage = await repository.billedUsage('run_2026-10');
      expect([...usage].map(([k, v]) => [k.split('\u0000').join('|'), v]).sort()).toEqual([
        ['r-1|1|2026-08', 3_600_000n],
        ['r-1|1|2026-09', 28_800_000n],
      ]);
      expect([...(await repository.billedReserved('run_2026-10'))].map(([k, v]) => [k.split('\u0000').join('|'), v])).toEqual([['r-2|2026-10', { gpuCount: 4 }]]);
      expect((await repository.billedUsage('run_2026-09')).size).toBe(0);
    });
  });
}
