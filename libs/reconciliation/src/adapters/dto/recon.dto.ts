import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AGE_BUCKETS, BREAK_STATUSES, BREAK_TYPES } from '../../domain/breaks';

/** POST /v1/psp/imports: one settlement report file, as text. */
export class PspImportRequestDto {
  @ApiProperty({ enum: ['stripe', 'adyen'] }) provider!: string;
  @ApiProperty({ description: "the file's text: Stripe's itemized payout reconciliation report or Adyen's settlement details report (CSV)" }) content!: string;
  @ApiPropertyOptional({ example: 'payout_reconciliation_2026-10.csv' }) fileName?: string;
}

export class PspImportResultDto {
  @ApiProperty({ example: 'imp_3f2a…', description: 'sha-256 of provider and file: the same file is the same import' }) importId!: string;
  @ApiProperty({ enum: ['stripe', 'adyen'] }) provider!: string;
  @ApiProperty({ example: 120 }) lines!: number;
  @ApiProperty({ description: 'true when this file was imported before: nothing changed' }) alreadyImported!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { charge: 100, refund: 4, fee: 1 } }) categories!: Record<string, number>;
}

export class BankImportRequestDto {
  @ApiProperty({ description: 'the file\'s text: a camt.053-lite CSV bank statement of the payout account (entry_ref, account_iban, booking_date, credit_debit, amount, currency, payment_info_id, end_to_end_id, return_reason)' }) content!: string;
  @ApiPropertyOptional({ example: 'statement_2026-11-03.csv' }) fileName?: string;
}

export class BankImportResultDto {
  @ApiProperty({ example: 'bimp_3f2a…', description: 'sha-256 of the file: the same file is the same import' }) importId!: string;
  @ApiProperty({ example: 3 }) lines!: number;
  @ApiProperty({ description: 'true when this file was imported before: nothing changed' }) alreadyImported!: boolean;
  @ApiProperty({ description: 'entries with money leaving the account (DBIT)' }) debits!: number;
  @ApiProperty({ description: 'entries with money coming in (CRDT): returned transfers' }) credits!: number;
}

export class PayoutInFlightDto {
  @ApiProperty() batchId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: [String] }) payoutIds!: string[];
  @ApiProperty({ example: '267.75' }) amount!: string;
  @ApiProperty({ description: 'epoch ms when the bank window ends' }) expectedByMs!: number;
}

export class ReconRunRequestDto {
  @ApiProperty({ example: '2026-10', description: 'YYYY-MM' }) period!: string;
}

export class InFlightDto {
  @ApiProperty() paymentId!: string;
  @ApiProperty() provider!: string;
  @ApiProperty({ example: '10.00' }) amount!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'epoch ms when the processor window (T+N) ends' }) expectedByMs!: number;
}

export class PayoutCheckDto {
  @ApiProperty() provider!: string;
  @ApiProperty() payoutId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() lines!: number;
  @ApiProperty({ description: 'what the processor paid out' }) net!: string;
  @ApiProperty({ description: 'what the lines should net after the contracted fees' }) expectedNet!: string;
  @ApiProperty() difference!: string;
}

export class ReconRunResultDto {
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'matches per rule id' }) matches!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'breaks found per type' }) breaks!: Record<string, number>;
  @ApiProperty({ description: 'breaks found for the first time (announced as break.opened)' }) opened!: number;
  @ApiProperty({ description: 'open breaks of the period this run no longer finds, resolved by system:recon' }) autoResolved!: number;
  @ApiProperty({ type: [InFlightDto], description: 'captures still inside their processor window: expected, not breaks' }) inFlight!: InFlightDto[];
  @ApiProperty({ type: [PayoutInFlightDto], description: 'payout batches sent and not booked by the bank yet, inside the window: expected, not breaks' }) payoutsInFlight!: PayoutInFlightDto[];
  @ApiProperty({ type: [PayoutCheckDto] }) payouts!: PayoutCheckDto[];
}

export class BreakDto {
  @ApiProperty({ example: 'brk_0f3a9c…' }) breakId!: string;
  @ApiProperty({ enum: BREAK_TYPES }) type!: string;
  @ApiProperty({ enum: BREAK_STATUSES }) status!: string;
  @ApiProperty({ example: 'USD', description: 'empty for accuracy breaks of a rental with no price book currency' }) currency!: string;
  @ApiProperty({ example: '12.40', description: 'size of the break, ≥ 0, in the currency minor units; 0 for GPU-ms accuracy breaks' }) amount!: string;
  @ApiProperty({ format: 'date-time', description: 'date of the item the break is about; ages count from it' }) openedAt!: string;
  @ApiProperty() ageDays!: number;
  @ApiProperty({ enum: ['low', 'medium', 'high', 'critical'] }) severity!: string;
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ example: 'stripe' }) provider!: string;
  @ApiProperty({ description: 'accuracy breaks: GPU-ms of the difference, signed (expected minus found)' }) deltaGpuMs!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the items: paymentId, settlementLineIds, invoiceId, rentalId, hours, …' }) refs!: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) statusAt!: string | null;
  @ApiProperty({ description: 'who made the last change' }) actor!: string;
  @ApiProperty() assignee!: string;
  @ApiProperty() reason!: string;
}

export class BreaksPageDto {
  @ApiProperty({ type: [BreakDto] }) breaks!: BreakDto[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the next page; null on the last' }) nextCursor!: string | null;
}

export class AssignBreakDto {
  @ApiPropertyOptional({ description: 'who takes it; the caller when left out' }) assignee?: string;
  @ApiPropertyOptional() reason?: string;
}

export class CloseBreakDto {
  @ApiProperty({ example: 'fee refunded by Stripe on 2026-11-03' }) reason!: string;
}

export const AGE_BUCKET_VALUES = AGE_BUCKETS;
