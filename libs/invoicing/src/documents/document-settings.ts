import type { BillingConfig } from '@hourglass/config';
import { isKnownCurrency, roundingModeFor, type RoundingMode } from '@hourglass/money';
import type { InvoiceDocumentOptions, InvoiceIssuer } from './invoice-document';

/** The configuration has a billing entity but no legal name yet; until it does, documents carry the product name. */
const ISSUER_NAME = 'Hourglass';

export function issuerFrom(billing: Pick<BillingConfig, 'entity'>): InvoiceIssuer {
  return { name: ISSUER_NAME, entity: billing.entity };
}

/**
 * The footer names the rounding mode, so it must be the currency's configured one. An unknown
 * currency cannot have been invoiced; it falls back to the default rather than failing the download.
 */
export function documentOptionsFrom(billing: Pick<BillingConfig, 'roundingOverrides'>, currency: string): InvoiceDocumentOptions {
  if (!isKnownCurrency(currency)) return {};
  return { roundingMode: roundingModeFor(currency, billing.roundingOverrides as Record<string, RoundingMode>) };
}

/** Only the characters no browser or mail client misreads in a Content-Disposition filename. */
export function documentFileName(invoiceNumber: string, extension: 'html' | 'pdf'): string {
  return `${invoiceNumber.replace(/[^A-Za-z0-9._-]/g, '_') || 'invoice'}.${extension}`;
}
