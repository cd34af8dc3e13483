import type { BillingConfig } from '@hourglass/config';
import { isKnownCurrency, roundingModeFor, type RoundingMode } from '@hourglass/money';
import type { InvoiceCustomer, InvoiceDocumentOptions, InvoiceIssuer } from './invoice-document';

export function issuerFrom(billing: Pick<BillingConfig, 'entity'> & Partial<Pick<BillingConfig, 'issuer'>>): InvoiceIssuer {
  const issuer = billing.issuer;
  return {
    name: issuer?.legalName ?? 'Hourglass',
    entity: billing.entity,
    address: issuer?.address ?? [],
    taxId: issuer?.taxId ?? null,
    bankDetails: issuer?.bankDetails ?? [],
    email: issuer?.email ?? null,
  };
}

/**
 * The footer names the rounding mode, so it must be the currency's configured one. An unknown
 * currency cannot have been invoiced; it falls back to the default rather than failing the download.
 */
export function documentOptionsFrom(
  billing: Pick<BillingConfig, 'roundingOverrides'> & Partial<Pick<BillingConfig, 'paymentTermsDays' | 'documentLocale'>>,
  currency: string,
  customer: InvoiceCustomer | null = null,
): InvoiceDocumentOptions {
  const context = {
    ...(customer ? { customer } : {}),
    ...(billing.documentLocale ? { locale: billing.documentLocale } : {}),
    ...(billing.paymentTermsDays !== undefined ? { defaultPaymentTermsDays: billing.paymentTermsDays } : {}),
  };
  if (!isKnownCurrency(currency)) return context;
  return { roundingMode: roundingModeFor(currency, billing.roundingOverrides as Record<string, RoundingMode>), ...context };
}

/** Only the characters no browser or mail client misreads in a Content-Disposition filename. */
export function documentFileName(invoiceNumber: string, extension: 'html' | 'pdf'): string {
  return `${invoiceNumber.replace(/[^A-Za-z0-9._-]/g, '_') || 'invoice'}.${extension}`;
}
