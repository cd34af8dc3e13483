import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** CONTRACTS §7 operator document. */
export class OperatorDocumentDto {
  @ApiProperty({ example: 'op-42' }) operatorId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'DE', description: 'ISO 3166-1 alpha-2' }) country!: string;
  @ApiProperty({ example: 'DE89370400440532013000', description: 'checked: country format and mod-97 checksum' }) iban!: string;
  @ApiProperty({ example: 'COBADEFFXXX', description: 'ISO 9362, 8 or 11 characters' }) bic!: string;
  @ApiProperty({ example: 'EUR', description: 'ISO 4217' }) payoutCurrency!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class OperatorsBodyDto {
  @ApiProperty({ type: [OperatorDocumentDto] }) documents!: OperatorDocumentDto[];
}

export class AppliedOperatorDto {
  @ApiProperty({ enum: ['operator'] }) kind!: string;
  @ApiProperty() key!: string;
  @ApiProperty({ enum: ['applied', 'unchanged', 'stale'] }) outcome!: string;
}

export class AppliedOperatorsDto {
  @ApiProperty({ type: [AppliedOperatorDto] }) results!: AppliedOperatorDto[];
}

export class PayoutRunBodyDto {
  @ApiProperty({ example: '2026-10', description: 'YYYY-MM (or YYYY-MM-DD of a weekly run)' }) period!: string;
}

export class PayoutItemDto {
  @ApiProperty() operatorId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'decimal string in minor units' }) amount!: string;
  @ApiProperty({ enum: ['scheduled', 'held', 'paid', 'failed', 'returned'] }) status!: string;
  @ApiPropertyOptional({ enum: ['kyc', 'sanctions', 'below_minimum', 'negative_balance'] }) holdReason?: string;
  @ApiProperty({ description: 'pain.001 EndToEndId' }) endToEndId!: string;
}

export class PayoutBatchDto {
  @ApiProperty() batchId!: string;
  @ApiProperty() runKey!: string;
  @ApiProperty({ enum: ['collected', 'earned'] }) basis!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [PayoutItemDto] }) items!: PayoutItemDto[];
}

export class PayoutRunResultDto extends PayoutBatchDto {
  @ApiProperty({ description: 'false when the batch of this period already existed (nothing paid twice)' }) created!: boolean;
}

export class PayoutBatchSummaryDto {
  @ApiProperty() batchId!: string;
  @ApiProperty() runKey!: string;
  @ApiProperty() basis!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() items!: number;
}

export class PayoutStatusBodyDto {
  @ApiProperty({ enum: ['paid', 'failed', 'returned'] }) status!: string;
  @ApiPropertyOptional({ description: 'needed when the operator has items in several currencies' }) currency?: string;
  @ApiPropertyOptional({ description: "the bank's reason or reference" }) reason?: string;
}

export class ClawbackBodyDto {
  @ApiProperty({ description: 'your id for it (e.g. the refund id): the same id twice is one clawback' }) clawbackId!: string;
  @ApiProperty() operatorId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'positive decimal string' }) amount!: string;
  @ApiPropertyOptional({ example: 'refund re_123' }) reason?: string;
}

export class ClawbackResultDto {
  @ApiProperty() clawbackId!: string;
}

export class OperatorBalanceDto {
  @ApiProperty() operatorId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() earned!: string;
  @ApiProperty() clawbacks!: string;
  @ApiProperty() paid!: string;
  @ApiProperty() inFlight!: string;
  @ApiProperty() reserve!: string;
  @ApiProperty() payable!: string;
}

export class KycBodyDto {
  @ApiProperty({ enum: ['unverified', 'pending', 'verified', 'rejected', 'expired'] }) state!: string;
  @ApiProperty({ description: 'why' }) reason!: string;
}

export class KycHistoryDto {
  @ApiProperty() state!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class KycViewDto {
  @ApiProperty({ enum: ['operator', 'customer'] }) kind!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['unverified', 'pending', 'verified', 'rejected', 'expired'] }) state!: string;
  @ApiProperty({ type: [KycHistoryDto] }) history!: KycHistoryDto[];
}

export class KycSpendCheckBodyDto {
  @ApiProperty({ example: '2026-10' }) period!: string;
}

export class KycSpendCheckDto {
  @ApiProperty() customerId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() spend!: string;
  @ApiProperty() state!: string;
}

export class DrilldownRentalDto {
  @ApiProperty() rentalId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty() datacenterId!: string;
  @ApiProperty() nodeId!: string;
  @ApiProperty() gpuModel!: string;
  @ApiProperty() gpuCount!: number;
  @ApiProperty() gpuHours!: string;
  @ApiProperty() amount!: string;
  @ApiProperty() operatorShare!: string;
  @ApiProperty() lines!: number;
}

export class StatementDrilldownDto {
  @ApiProperty() statementId!: string;
  @ApiProperty() operatorId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() periodStart!: string;
  @ApiProperty() periodEnd!: string;
  @ApiProperty() gross!: string;
  @ApiProperty() platformFee!: string;
  @ApiProperty() net!: string;
  @ApiProperty() gpuHours!: string;
  @ApiProperty({ description: 'each invoice with its lines (PayoutStatementLineDto)', type: 'array', items: { type: 'object' } }) invoices!: unknown[];
  @ApiProperty({ type: [DrilldownRentalDto] }) rentals!: DrilldownRentalDto[];
}
