import { Dec } from '@hourglass/money';
import type { AdyenNotificationItem } from './adyen-hmac';
import { ADYEN_DISPUTE_EVENTS, adyenDisputeStatus } from './dispute-status';
import type { Facts } from './facts';
import { majorFromMinor } from './minor-units';

export const ADYEN_EVENTS = ['AUTHORISATION', 'REFUND', ...Object.keys(ADYEN_DISPUTE_EVENTS)] as const;

/** Adyen sends `success` as the string "true"/"false". */
function succeeded(item: AdyenNotificationItem): boolean {
  return item.success === true || item.success === 'true';
}

/** The inbox key of one notification item: Adyen retries the same item with the same three. */
export function adyenDedupKey(item: AdyenNotificationItem): string {
  return `${item.pspReference ?? ''}:${item.eventCode ?? ''}:${succeeded(item)}`;
}

function eventMs(item: AdyenNotificationItem, receivedAtMs: number): number {
  const parsed = item.eventDate ? Date.parse(item.eventDate) : NaN;
  return Number.isFinite(parsed) ? parsed : receivedAtMs;
}

/**
 * One Adyen notification item as facts. The invoice is `merchantReference`, always present, so
 * Adyen facts never wait for a reference. Ids are Adyen's own references and the outcome.
 */
export function factsFromAdyenItem(item: AdyenNotificationItem, source: string, receivedAtMs: number): Facts {
  const eventCode = item.eventCode ?? '';
  const psp = item.pspReference ?? '';
  const original = item.originalReference ?? '';
  const invoiceId = item.merchantReference ?? '';
  const occurredAtMs = eventMs(item, receivedAtMs);
  const ok = succeeded(item);
  if (eventCode === 'AUTHORISATION') {
    const { amount, currency } = majorFromMinor(item.amount?.value, item.amount?.currency);
    return {
      payments: [
        {
          factId: `adyen:${ok ? 'captured' : 'failed'}:${psp}`,
          kind: ok ? 'captured' : 'failed',
          provider: 'adyen',
          invoiceId,
          customerId: '',
          currency,
          amount,
          cumulativeKey: '',
          paymentRef: psp,
          pspReference: psp,
          occurredAtMs,
          source,
        },
      ],
      disputes: [],
      refs: invoiceId ? [{ provider: 'adyen', paymentRef: psp, invoiceId, customerId: '', currency }] : [],
    };
  }
  if (eventCode === 'REFUND') {
    const { amount, currency } = majorFromMinor(item.amount?.value, item.amount?.currency);
    return {
      payments: [
        {
          factId: `adyen:${ok ? 'refunded' : 'refund_failed'}:${psp}`,
          kind: ok ? 'refunded' : 'refund_failed',
          provider: 'adyen',
          invoiceId,
          customerId: '',
          currency,
          amount,
          // Each Adyen refund carries its own amount, not a running total: its own key.
          cumulativeKey: `adyen:${psp}`,
          paymentRef: original,
          pspReference: psp,
          occurredAtMs,
          source,
        },
      ],
      disputes: [],
      refs: [],
    };
  }
  const dispute = ADYEN_DISPUTE_EVENTS[eventCode];
  if (dispute) {
    const { amount, currency } = majorFromMinor(item.amount?.value, item.amount?.currency);
    const paymentRef = original || psp;
    // The defence deadline, where Adyen sends it (NOTIFICATION_OF_CHARGEBACK, CHARGEBACK).
    const due = item.additionalData?.defensePeriodEndsAt ? Date.parse(item.additionalData.defensePeriodEndsAt) : NaN;
    return {
      payments: [],
      disputes: [
        {
          factId: `adyen:${eventCode}:${psp}:${ok}`,
          disputeId: `adyen:${paymentRef}`,
          provider: 'adyen',
          eventType: eventCode,
          status: adyenDisputeStatus(item.additionalData?.disputeStatus) ?? dispute.status,
          pspStatus: item.additionalData?.disputeStatus ? `${eventCode}/${item.additionalData.disputeStatus}` : eventCode,
          funds: dispute.funds,
          reason: item.reason || item.additionalData?.chargebackReasonCode || '',
          paymentRef,
          invoiceId,
          customerId: '',
          currency,
          amount,
          // Adyen's notifications state no fee: its chargeback fees come with the settlement details
          // report (libs/reconciliation's import), and are posted from there.
          fee: new Dec(0),
          feeRef: '',
          dueByMs: Number.isFinite(due) ? due : null,
          occurredAtMs,
        },
      ],
      refs: [],
    };
  }
  return { payments: [], disputes: [], refs: [] };
}
