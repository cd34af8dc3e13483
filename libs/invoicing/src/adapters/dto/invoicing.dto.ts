import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Request and response bodies of the invoicing routes; amounts are decimal strings. */
const LINE_KINDS = ['usage', 'reserved', 'adjustment', 'credit'];
const INVOICE_STATUSES = ['draft', 'finalized', 'paid', 'void', 'uncollectible'];

export class BillingRunRequestDto {
  @ApiProperty({ example: '2026-11', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) period!: string;
}

export class BillingRunFailureDto {
  @ApiProperty() customerId!: string;
  @ApiProperty() reason!: string;
}

export class BillingRunResultDto {
  @ApiProperty() runId!: string;
  @ApiProperty({ example: '2026-11' }) period!: string;
  @ApiProperty({ enum: ['completed'] }) status!: string;
  @ApiProperty({ description: 'true when the period had been billed already: nothing changed' }) alreadyCompleted!: boolean;
  @ApiProperty() usageWatermark!: number;
  @ApiProperty() invoices!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { USD: '1792.80' } }) totals!: Record<string, string>;
  @ApiProperty() payoutStatements!: number;
  @ApiProperty({ type: [BillingRunFailureDto] }) failures!: BillingRunFailureDto[];
}

export class InvoiceLineDto {
  @ApiProperty() lineId!: string;
  @ApiProperty({ enum: LINE_KINDS }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) rentalId!: string | null;
  @ApiProperty({ type: String, nullable: true }) operatorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) priceBookId!: string | null;
  @ApiProperty({ type: Number, nullable: true }) priceBookVersion!: number | null;
  @ApiProperty({ example: '2026-11' }) servicePeriod!: string;
  @ApiProperty({ example: '2592000000' }) gpuMs!: string;
  @ApiProperty({ example: '720' }) quantityGpuHours!: string;
  @ApiProperty({ type: String, nullable: true, example: '2.49' }) unitPrice!: string | null;
  @ApiProperty({ example: '1792.80' }) amount!: string;
  @ApiProperty() operatorShare!: string;
  @ApiProperty() platformFee!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: '0.19', description: 'decimal fraction; "0" without tax' }) taxRate!: string;
  @ApiProperty({ example: 'VAT' }) taxName!: string;
  @ApiProperty({ example: '340.63', description: "this line's tax; the lines add up to taxTotal" }) taxAmount!: string;
}

export class InvoiceTaxDto {
  @ApiProperty({ example: 'VAT' }) name!: string;
  @ApiProperty({ example: '0.19' }) rate!: string;
  @ApiProperty({ example: '1792.80', description: 'Σ net amounts of the lines at this rate' }) taxable!: string;
  @ApiProperty({ example: '340.63' }) tax!: string;
}

export class InvoiceDto {
  @ApiProperty() invoiceId!: string;
  @ApiProperty({ example: 'HG-2026-000123' }) number!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ format: 'date-time' }) periodStart!: string;
  @ApiProperty({ format: 'date-time' }) periodEnd!: string;
  @ApiProperty({ enum: INVOICE_STATUSES }) status!: string;
  @ApiProperty() subtotal!: string;
  @ApiProperty() creditsApplied!: string;
  @ApiProperty() creditNotes!: string;
  @ApiProperty() total!: string;
  @ApiProperty({ description: 'total + taxTotal − credit notes − their tax − paid + refunded, at least 0' }) amountDue!: string;
  @ApiProperty({ example: '0.00', description: 'tax beside the net total (README "Tax"); 0 without tax rules' }) taxTotal!: string;
  @ApiProperty({ description: 'total + taxTotal' }) totalWithTax!: string;
  @ApiProperty({ description: 'tax given back by credit notes' }) creditNotesTax!: string;
  @ApiProperty({ enum: ['standard', 'reverse_charge', 'exempt', 'none'] }) taxTreatment!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['line', 'invoice', null] }) taxRounding!: string | null;
  @ApiProperty({ type: [InvoiceTaxDto] }) taxes!: InvoiceTaxDto[];
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ type: [InvoiceLineDto] }) lines!: InvoiceLineDto[];
}

export class InvoiceTransitionRequestDto {
  @ApiPropertyOptional({ example: 'paid by bank transfer' }) reason?: string;
}

export class InvoiceTransitionResultDto {
  @ApiProperty() invoiceId!: string;
  @ApiProperty({ enum: INVOICE_STATUSES }) status!: string;
}

export class CreditNoteRequestDto {
  @ApiPropertyOptional({ example: '100.00', description: 'decimal string; what is left to credit by default' }) amount?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ description: 'void the invoice with this credit note' }) void?: boolean;
}

export class CreditNoteResultDto {
  @ApiProperty() creditNoteId!: string;
  @ApiProperty() number!: string;
  @ApiProperty() amount!: string;
  @ApiProperty({ example: '19.00', description: 'tax credited with the note; amount stays net (README "Tax")' }) taxAmount!: string;
  @ApiProperty({ enum: INVOICE_STATUSES }) status!: string;
}

export class CreditGrantRequestDto {
  @ApiPropertyOptional({ description: 'client-chosen id: a retry with the same id grants once' }) grantId?: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: '500.00' }) amount!: string;
  @ApiPropertyOptional({ example: 0 }) priority?: number;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) expiresAt?: string | null;
  @ApiPropertyOptional() description?: string;
}

export class CreditGrantResultDto {
  @ApiProperty() grantId!: string;
}

export class CreditBalanceDto {
  @ApiProperty() grantId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() amount!: string;
  @ApiProperty() applied!: string;
  @ApiProperty() remaining!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty() priority!: number;
}
