import { dec } from '@hourglass/money';
import { pdfText } from '../evidence/pdf-text';
import { renderEvidencePdf } from '../evidence/render-evidence-pdf';
import { buildEvidencePack, stripeEvidenceFields, type EvidenceInput } from './evidence';
import { disputeLifecycle } from './lifecycle';

const H = 3_600_000;
const t = (iso: string) => Date.parse(iso);

function input(): EvidenceInput {
  const dispute = disputeLifecycle([
    { factId: 'stripe:evt_1', disputeId: 'dp_1', provider: 'stripe', eventType: 'charge.dispute.created', status: 'needs_response', pspStatus: 'needs_response', funds: '', reason: 'product_not_received', paymentRef: 'pi_1', invoiceId: 'inv-1', customerId: 'c-9', currency: 'USD', amount: dec('19.92'), dueByMs: t('2026-11-12T09:00:00Z'), occurredAtMs: t('2026-11-05T09:00:00Z') },
  ]);
  return {
    dispute,
    customer: { customerId: 'c-9', name: 'Acme Research', country: 'DE' },
    invoice: {
      invoiceId: 'inv-1',
      number: 'HG-2026-000001',
      period: '2026-09',
      periodStartMs: t('2026-09-01T00:00:00Z'),
      periodEndMs: t('2026-10-01T00:00:00Z'),
      issuedAtMs: t('2026-10-01T06:00:00Z'),
      currency: 'USD',
      total: dec('19.92'),
      status: 'paid',
      lines: [{ lineNo: 1, kind: 'usage', rentalId: 'r-1', servicePeriod: '2026-09', quantityGpuHours: '8', unitPrice: '2.49', amount: dec('19.92'), description: '' }],
    },
    rentals: [{ rentalId: 'r-1', operatorId: 'op-42', datacenterId: 'dc-fra-1', nodeId: 'node-17', gpuModel: 'H100-SXM-80GB', gpuCount: 8, pricingClass: 'on_demand', priceBookId: 'pb-std', startedAtMs: t('2026-09-01T00:00:00Z'), endedAtMs: null, commitment: null }],
    usage: [{ day: '2026-09-10', rentalId: 'r-1', nodeId: 'node-17', coveredMs: H, gpuMs: 8 * H, avgUtilizationPct: 87.5, energyWh: 4200, events: 60 }],
    payments: [{ kind: 'captured', provider: 'stripe', amount: dec('19.92'), currency: 'USD', paymentRef: 'pi_1', occurredAtMs: t('2026-11-05T08:00:00Z') }],
    otherDisputes: [],
    issuer: 'Hourglass (HG)',
  };
}

describe('evidence pack', () => {
  it('carries the terms, the usage per node, the invoice, the payments', () => {
    const sut = buildEvidencePack(input());
    expect(sut.usage.perNode).toEqual([{ rentalId: 'r-1', nodeId: 'node-17', coveredHours: '1.000', gpuHours: '8.000', avgUtilizationPct: '87.5', energyKwh: '4.200', firstDay: '2026-09-10', lastDay: '2026-09-10', events: 60 }]);
    expect(sut.invoice?.lines[0]).toMatchObject({ rentalId: 'r-1', amount: '19.92' });
    expect(sut.dispute).toMatchObject({ rootCause: 'service_not_received', dueBy: '2026-11-12T09:00:00.000Z', amount: '19.92' });
    expect(sut.summary.join(' ')).toContain('1.000 covered node-hours');
  });

  it("as Stripe's evidence fields: the usage timeline is the access log", () => {
    const fields = stripeEvidenceFields(buildEvidencePack(input()));
    expect(fields.access_activity_log).toContain('2026-09-10,r-1,node-17,1.000,8.000,87.5,4.200');
    expect(fields).toMatchObject({ customer_name: 'Acme Research', service_date: '2026-09-01 to 2026-10-01' });
  });

  it('renders a PDF that says the same, to the same bytes every time', async () => {
    const pack = buildEvidencePack(input());
    const [a, b] = [await renderEvidencePdf(pack), await renderEvidencePdf(pack)];
    expect(a.equals(b)).toBe(true);
    const text = pdfText(a);
    for (const s of ['Dispute evidence dp_1', 'node-17', 'HG-2026-000001', 'Acme Research', '87.5', '4.200', 'pi_1']) expect(text).toContain(s);
  });
});
