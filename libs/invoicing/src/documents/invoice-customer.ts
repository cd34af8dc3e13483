/** Whom the invoice is addressed to, from the customer's reference document. */
export interface InvoiceCustomer {
  name: string;
  legalName?: string | null;
  address?: readonly string[];
  taxId?: string | null;
  /** Days from the issue date to the due date ("net 30"). */
  paymentTermsDays?: number | null;
}
