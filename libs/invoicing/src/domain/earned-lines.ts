import type Big from 'big.js';

/**
 * One invoice line as an operator earns from it: what a billing run hands on (OperatorEarnings) so
 * that payouts can build statements without reading invoicing's internals. Credit lines carry no
 * operator: the platform bears a credit.
 */
export interface EarnedLine {
  invoiceId: string;
  invoiceNumber: string;
  customerId: string;
  currency: string;
  lineId: string;
  kind: string;
  rentalId: string;
  operatorId: string;
  priceBookVersion: number;
  servicePeriod: string;
  quantityGpuHours: string;
  amount: Big;
  operatorShare: Big;
  platformFee: Big;
}
