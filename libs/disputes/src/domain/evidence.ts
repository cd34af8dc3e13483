import type Big from 'big.js';
import { Dec, formatMoney } from '@hourglass/money';
import type { Dispute } from './lifecycle';

/** The rental's terms as the control plane sent them (CONTRACTS §2). */
export interface RentalTerms {
  rentalId: string;
  operatorId: string;
  datacenterId: string;
  nodeId: string;
  gpuModel: string;
  gpuCount: number;
  pricingClass: string;
  priceBookId: string;
  startedAtMs: number;
  endedAtMs: number | null;
  commitment: { termMonths: number; autoRenew: boolean } | null;
}

/** Usage of one rental (one node) on one UTC day, from ClickHouse. */
export interface UsageDay {
  day: string;
  rentalId: string;
  nodeId: string;
  /** Covered time (CONTRACTS §3 union), milliseconds. */
  coveredMs: number;
  gpuMs: number;
  /** Mean of the reported utilisation; null when the agent reported none. */
  avgUtilizationPct: number | null;
  /** Σ reported energy; null when none was reported. */
  energyWh: number | null;
  events: number;
}

export interface EvidenceInvoice {
  invoiceId: string;
  number: string;
  period: string;
  periodStartMs: number;
  periodEndMs: number;
  issuedAtMs: number;
  currency: string;
  total: Big;
  status: string;
  lines: Array<{ lineNo: number; kind: string; rentalId: string; servicePeriod: string; quantityGpuHours: string; unitPrice: string; amount: Big; description: string }>;
}

export interface EvidencePayment {
  kind: string;
  provider: string;
  amount: Big;
  currency: string;
  paymentRef: string;
  occurredAtMs: number;
}

export interface EvidenceCustomer {
  customerId: string;
  name: string;
  country: string;
}

export interface EvidenceInput {
  dispute: Dispute;
  customer: EvidenceCustomer | null;
  invoice: EvidenceInvoice | null;
  rentals: readonly RentalTerms[];
  usage: readonly UsageDay[];
  payments: readonly EvidencePayment[];
  /** The customer's other disputes (any invoice), already derived. */
  otherDisputes: readonly Dispute[];
  issuer: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const hours = (ms: number) => new Dec(ms).div(3_600_000).round(3, Dec.roundHalfUp).toFixed(3);

/** The evidence pack as JSON (`GET /v1/disputes/:id/evidence.json`): our own data, nothing from the card. */
export interface EvidencePack {
  disputeId: string;
  provider: string;
  issuer: string;
  dispute: { status: string; stage: string; reason: string; rootCause: string; amount: string; currency: string; openedAt: string; dueBy: string | null; paymentRef: string };
  customer: EvidenceCustomer | null;
  invoice: null | {
    invoiceId: string;
    number: string;
    period: string;
    periodStart: string;
    periodEnd: string;
    issuedAt: string;
    currency: string;
    total: string;
    status: string;
    lines: Array<{ lineNo: number; kind: string; rentalId: string; servicePeriod: string; quantityGpuHours: string; unitPrice: string; amount: string; description: string }>;
  };
  rentals: Array<{ rentalId: string; datacenterId: string; nodeId: string; gpuModel: string; gpuCount: number; pricingClass: string; priceBookId: string; startedAt: string; endedAt: string | null; commitment: RentalTerms['commitment'] }>;
  usage: {
    perNode: Array<{ rentalId: string; nodeId: string; coveredHours: string; gpuHours: string; avgUtilizationPct: string | null; energyKwh: string | null; firstDay: string; lastDay: string; events: number }>;
    daily: Array<{ day: string; rentalId: string; nodeId: string; coveredHours: string; gpuHours: string; avgUtilizationPct: string | null; energyKwh: string | null }>;
  };
  payments: Array<{ kind: string; provider: string; amount: string; currency: string; paymentRef: string; occurredAt: string }>;
  earlierDisputes: Array<{ disputeId: string; provider: string; invoiceId: string; status: string; reason: string; amount: string; currency: string; openedAt: string }>;
  summary: string[];
}

const pct = (x: number | null) => (x === null ? null : x.toFixed(1));
const kwh = (wh: number | null) => (wh === null ? null : (wh / 1000).toFixed(3));

/**
 * Builds the pack from what Hourglass itself recorded: the rental terms, the covered time per node
 * and day with utilisation and energy where the agents reported them, the invoice and its lines, the
 * payments, and the customer's earlier disputes. Pure: the same inputs give the same pack, so the JSON
 * and the PDF a reviewer reads and the fields sent to the processor always agree.
 */
export function buildEvidencePack(input: EvidenceInput): EvidencePack {
  const d = input.dispute;
  const money = (x: Big, currency: string) => formatMoney(x, currency);
  const perNode = new Map<string, { rentalId: string; nodeId: string; coveredMs: number; gpuMs: number; utilSum: number; utilDays: number; energyWh: number | null; first: string; last: string; events: number }>();
  const daily = [...input.usage].sort((a, b) => (a.day + a.rentalId < b.day + b.rentalId ? -1 : 1));
  for (const u of daily) {
    const key = `${u.rentalId}|${u.nodeId}`;
    const n = perNode.get(key) ?? { rentalId: u.rentalId, nodeId: u.nodeId, coveredMs: 0, gpuMs: 0, utilSum: 0, utilDays: 0, energyWh: null, first: u.day, last: u.day, events: 0 };
    n.coveredMs += u.coveredMs;
    n.gpuMs += u.gpuMs;
    if (u.avgUtilizationPct !== null) {
      n.utilSum += u.avgUtilizationPct;
      n.utilDays += 1;
    }
    if (u.energyWh !== null) n.energyWh = (n.energyWh ?? 0) + u.energyWh;
    n.last = u.day;
    n.events += u.events;
    perNode.set(key, n);
  }
  const nodes = [...perNode.values()].sort((a, b) => (a.rentalId < b.rentalId ? -1 : 1));
  const totalCoveredMs = nodes.reduce((s, n) => s + n.coveredMs, 0);
  const priorDisputes = input.otherDisputes.filter((o) => o.disputeId !== d.disputeId).sort((a, b) => a.openedAtMs - b.openedAtMs);
  const inv = input.invoice;
  const received = input.payments.filter((p) => p.kind === 'captured' || p.kind === 'recorded');
  const summary = [
    `Dispute ${d.disputeId} (${d.provider}) over ${money(d.amount, d.currency)} ${d.currency}, reason "${d.reason || 'none given'}" (${d.rootCause}), opened ${iso(d.openedAtMs)}.`,
    inv
      ? `It concerns invoice ${inv.number} for ${inv.period} (${money(inv.total, inv.currency)} ${inv.currency}, ${inv.lines.length} line(s)), issued ${iso(inv.issuedAtMs)} to customer ${input.customer?.name ?? d.customerId} (${d.customerId}).`
      : `The disputed payment is not linked to an invoice Hourglass knows.`,
    `The customer rented ${input.rentals.length} GPU node(s): ${input.rentals.map((r) => `${r.gpuCount}x ${r.gpuModel} on ${r.nodeId} in ${r.datacenterId} (${r.pricingClass}) from ${iso(r.startedAtMs)}`).join('; ') || 'none recorded'}.`,
    `Metered usage: ${hours(totalCoveredMs)} covered node-hours across ${nodes.length} node(s), reported by the nodes' agents ${nodes.reduce((s, n) => s + n.events, 0)} time(s)${nodes.some((n) => n.utilDays > 0) ? `, mean GPU utilisation ${nodes.map((n) => (n.utilDays > 0 ? `${(n.utilSum / n.utilDays).toFixed(1)}% on ${n.nodeId}` : `n/a on ${n.nodeId}`)).join(', ')}` : ''}.`,
    `Payments received: ${received.map((p) => `${money(p.amount, p.currency)} ${p.currency} via ${p.provider} on ${iso(p.occurredAtMs)}`).join('; ') || 'none'}.`,
    priorDisputes.length > 0 ? `The customer disputed ${priorDisputes.length} other payment(s) before: ${priorDisputes.map((o) => `${o.disputeId} (${o.status})`).join(', ')}.` : 'The customer has no other disputes.',
  ];
  return {
    disputeId: d.disputeId,
    provider: d.provider,
    issuer: input.issuer,
    dispute: { status: d.status, stage: d.stage, reason: d.reason, rootCause: d.rootCause, amount: money(d.amount, d.currency), currency: d.currency, openedAt: iso(d.openedAtMs)!, dueBy: iso(d.dueByMs), paymentRef: d.paymentRef },
    customer: input.customer,
    invoice: inv && {
      invoiceId: inv.invoiceId,
      number: inv.number,
      period: inv.period,
      periodStart: iso(inv.periodStartMs)!,
      periodEnd: iso(inv.periodEndMs)!,
      issuedAt: iso(inv.issuedAtMs)!,
      currency: inv.currency,
      total: money(inv.total, inv.currency),
      status: inv.status,
      lines: [...inv.lines].sort((a, b) => a.lineNo - b.lineNo).map((l) => ({ ...l, amount: money(l.amount, inv.currency) })),
    },
    rentals: [...input.rentals]
      .sort((a, b) => (a.rentalId < b.rentalId ? -1 : 1))
      .map((r) => ({ rentalId: r.rentalId, datacenterId: r.datacenterId, nodeId: r.nodeId, gpuModel: r.gpuModel, gpuCount: r.gpuCount, pricingClass: r.pricingClass, priceBookId: r.priceBookId, startedAt: iso(r.startedAtMs)!, endedAt: iso(r.endedAtMs), commitment: r.commitment })),
    usage: {
      perNode: nodes.map((n) => ({ rentalId: n.rentalId, nodeId: n.nodeId, coveredHours: hours(n.coveredMs), gpuHours: hours(n.gpuMs), avgUtilizationPct: n.utilDays > 0 ? (n.utilSum / n.utilDays).toFixed(1) : null, energyKwh: kwh(n.energyWh), firstDay: n.first, lastDay: n.last, events: n.events })),
      daily: daily.map((u) => ({ day: u.day, rentalId: u.rentalId, nodeId: u.nodeId, coveredHours: hours(u.coveredMs), gpuHours: hours(u.gpuMs), avgUtilizationPct: pct(u.avgUtilizationPct), energyKwh: kwh(u.energyWh) })),
    },
    payments: [...input.payments].sort((a, b) => a.occurredAtMs - b.occurredAtMs).map((p) => ({ kind: p.kind, provider: p.provider, amount: money(p.amount, p.currency), currency: p.currency, paymentRef: p.paymentRef, occurredAt: iso(p.occurredAtMs)! })),
    earlierDisputes: priorDisputes.map((o) => ({ disputeId: o.disputeId, provider: o.provider, invoiceId: o.invoiceId, status: o.status, reason: o.reason, amount: money(o.amount, o.currency), currency: o.currency, openedAt: iso(o.openedAtMs)! })),
    summary,
  };
}

/** Stripe's evidence text fields are bounded (20,000 characters in total across fields). */
const STRIPE_FIELD_CHARS_MAX = 9_000;
const clip = (s: string) => (s.length > STRIPE_FIELD_CHARS_MAX ? `${s.slice(0, STRIPE_FIELD_CHARS_MAX - 20)}\n… (truncated)` : s);

/**
 * The pack as Stripe's `evidence[...]` text fields. The usage timeline is the access log of a digital
 * service (`access_activity_log`); the PDF itself would need Stripe's file upload, which is not used.
 */
export function stripeEvidenceFields(pack: EvidencePack): Record<string, string> {
  const fields: Record<string, string> = {
    product_description: `GPU compute rental billed per GPU-hour of metered use. ${pack.rentals.map((r) => `${r.gpuCount}x ${r.gpuModel} (${r.pricingClass}) on node ${r.nodeId}, ${r.datacenterId}`).join('; ')}`,
    uncategorized_text: clip(pack.summary.join('\n')),
    access_activity_log: clip(
      ['day,rental,node,covered_hours,gpu_hours,avg_utilization_pct,energy_kwh', ...pack.usage.daily.map((u) => [u.day, u.rentalId, u.nodeId, u.coveredHours, u.gpuHours, u.avgUtilizationPct ?? '', u.energyKwh ?? ''].join(','))].join('\n'),
    ),
  };
  if (pack.customer?.name) fields.customer_name = pack.customer.name;
  if (pack.invoice) fields.service_date = `${pack.invoice.periodStart.slice(0, 10)} to ${pack.invoice.periodEnd.slice(0, 10)}`;
  return fields;
}

/** Stripe: the evidence field that names the uploaded PDF (a file of purpose `dispute_evidence`). */
export const STRIPE_EVIDENCE_FILE_FIELD = 'uncategorized_file';

/** Adyen's defence: the PDF as defence material, under the general defence reason. */
export const ADYEN_DEFENSE_REASON_CODE = 'SupplyDefenseMaterial';
export const ADYEN_DEFENSE_DOCUMENT_TYPE = 'DefenseMaterial';
