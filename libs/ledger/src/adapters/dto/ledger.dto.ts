import { ApiProperty } from '@nestjs/swagger';

/** Response bodies of /v1/ledger (CONTRACTS §6); amounts are decimal strings in the currency's minor units. */
export class TrialBalanceRowDto {
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: '1792.80', description: 'sum of every debit in this currency' }) debits!: string;
  @ApiProperty({ example: '1792.80', description: 'sum of every credit in this currency; equal to debits' }) credits!: string;
}

export class BalanceRowDto {
  @ApiProperty({ example: 'receivable:c-9', description: 'an account of the chart (libs/ledger/README.md)' }) account!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: '1792.80', description: 'debit-positive for assets and expenses, credit-positive for liabilities and revenue' })
  balance!: string;
}

export class LedgerEntryDto {
  @ApiProperty({ example: 'inv-finalized:in_202611_USD_c-9' }) txnId!: string;
  @ApiProperty({ example: 0 }) postingNo!: number;
  @ApiProperty({ example: 'receivable:c-9' }) account!: string;
  @ApiProperty({ enum: ['asset', 'liability', 'revenue', 'expense'] }) accountClass!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: '1792.80' }) debit!: string;
  @ApiProperty({ example: '0.00' }) credit!: string;
  @ApiProperty({ example: 'invoice_status_events:in_202611_USD_c-9:1:finalized', description: 'the fact that caused the transaction' }) causedBy!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class LedgerEntriesPageDto {
  @ApiProperty({ type: [LedgerEntryDto] }) entries!: LedgerEntryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the next page; null on the last' }) nextCursor!: string | null;
}

export class LedgerSyncResultDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { invoice_finalized: 12, credit_applied: 1, credit_note: 2, invoice_voided: 0 },
    description: 'transactions this sync appended, per kind of fact',
  })
  posted!: Record<string, number>;
  @ApiProperty({ description: 'false when the sync stopped at its page bound; the next one continues' }) complete!: boolean;
}

/** POST /v1/ledger/sync takes no parameters: an empty object, or no body at all. */
export class LedgerSyncRequestDto {}
