import type { INestApplicationContext } from '@nestjs/common';
import { DisputesService } from '@hourglass/disputes';
import type { PspSim } from '@hourglass/psp-sim';
import type { ApiClient } from '../api-client';

export interface DemoPsp {
  sim: PspSim;
  /** Hourglass's processor settings pointing at the simulator. */
  env: Record<string, string>;
}

export interface DemoDispute {
  disputeId: string;
  provider: string;
  invoiceId: string;
  customerId: string;
  status: string;
  reason: string;
  rootCause: string;
  amount: string;
  currency: string;
  dueBy: string | null;
  evidenceSubmitted: string;
}

/**
 * One invoice collected through the simulated Stripe, its payment disputed by the cardholder's bank,
 * the evidence pack built from the metered usage and submitted: what a billing team sees of a dispute.
 */
export async function demoDispute(api: ApiClient, app: INestApplicationContext, psp: DemoPsp, serverUrl: string, invoiceId: string): Promise<DemoDispute | null> {
  psp.sim.sender.targets.stripeUrl = `${serverUrl}/v1/psp/stripe/webhooks`;
  psp.sim.sender.targets.adyenUrl = `${serverUrl}/v1/psp/adyen/webhooks`;
  const paid = await api.request<{ provider: string; paymentRef: string }>('POST', '/v1/payments/collect', { invoiceId });
  if (paid.provider !== 'stripe') return null;
  await psp.sim.sender.idle();
  psp.sim.stripe.openDispute(paid.paymentRef, 'product_not_received');
  await psp.sim.sender.idle();
  const disputes = app.get(DisputesService, { strict: false });
  await disputes.sync();
  const page = await api.request<{ disputes: Array<Omit<DemoDispute, 'evidenceSubmitted'>> }>('GET', `/v1/disputes?invoiceId=${encodeURIComponent(invoiceId)}`);
  const d = page.disputes[0];
  if (!d) return null;
  await disputes.submitEvidence(d.disputeId, `demo-evidence-${d.disputeId}`);
  await psp.sim.sender.idle();
  const now = await api.request<{ status: string; evidenceSubmittedAt: string | null }>('GET', `/v1/disputes/${encodeURIComponent(d.disputeId)}`);
  return { disputeId: d.disputeId, provider: d.provider, invoiceId: d.invoiceId, customerId: d.customerId, status: now.status, reason: d.reason, rootCause: d.rootCause, amount: d.amount, currency: d.currency, dueBy: d.dueBy, evidenceSubmitted: now.evidenceSubmittedAt ?? 'no' };
}
