import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DisputeDto {
  @ApiProperty({ example: 'dp_1Nx…', description: 'Stripe dispute id; Adyen: adyen:<payment pspReference>' }) disputeId!: string;
  @ApiProperty({ enum: ['stripe', 'adyen'] }) provider!: string;
  @ApiProperty() invoiceId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ enum: ['needs_response', 'under_review', 'won', 'lost'] }) status!: string;
  @ApiProperty({ example: 'fraudulent', description: "the processor's reason as it sent it" }) reason!: string;
  @ApiProperty({ example: '19.92' }) amount!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'evidence deadline, when the processor gave one' }) dueBy!: string | null;
  @ApiProperty({ enum: ['inquiry', 'chargeback', 'reversed', 'second_chargeback', 'pre_arbitration'] }) stage!: string;
  @ApiProperty({ enum: ['fraud', 'service_not_received', 'service_disputed', 'billing_error', 'cancelled', 'unrecognized', 'processing', 'other'] }) rootCause!: string;
  @ApiProperty({ enum: ['overdue', 'due_24h', 'due_72h', 'later', 'none'], description: 'how close the response deadline is (needs_response only)' }) deadline!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt!: string | null;
}

export class DisputePageDto {
  @ApiProperty({ type: [DisputeDto], description: 'sorted by dueBy, soonest first, none last' }) disputes!: DisputeDto[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as cursor for the next page; null on the last' }) nextCursor!: string | null;
}

export class DisputeEventDto {
  @ApiProperty() factId!: string;
  @ApiProperty({ example: 'charge.dispute.created' }) eventType!: string;
  @ApiProperty() status!: string;
  @ApiProperty() pspStatus!: string;
  @ApiProperty({ enum: ['withdrawn', 'reinstated', ''] }) funds!: string;
  @ApiProperty() amount!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dueBy!: string | null;
}

export class DisputeDetailDto extends DisputeDto {
  @ApiProperty({ description: 'Stripe PaymentIntent id or Adyen payment pspReference' }) paymentRef!: string;
  @ApiProperty() pspStatus!: string;
  @ApiProperty({ description: 'funds the processor withdrew for the dispute' }) withdrawn!: string;
  @ApiProperty({ description: 'funds it returned' }) reinstated!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) evidenceSubmittedAt!: string | null;
  @ApiProperty({ type: [DisputeEventDto], description: 'in lifecycle order' }) events!: DisputeEventDto[];
}

export class EvidencePackDto {
  @ApiProperty() disputeId!: string;
  @ApiProperty() provider!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) dispute!: Record<string, unknown>;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) customer!: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'the invoice and its lines' }) invoice!: Record<string, unknown> | null;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'rental terms' }) rentals!: unknown[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'perNode and daily: covered hours, GPU-hours, utilisation, energy' }) usage!: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) payments!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) earlierDisputes!: unknown[];
  @ApiProperty({ type: [String] }) summary!: string[];
}

export class SubmitEvidenceDto {
  @ApiPropertyOptional({ default: true, description: 'false: stage the evidence at the processor without submitting it for review' }) submit?: boolean;
}

export class EvidenceSubmittedDto {
  @ApiProperty() disputeId!: string;
  @ApiProperty({ description: 'true: submitted for review; false: staged' }) submitted!: boolean;
  @ApiProperty({ enum: ['stripe', 'adyen'] }) provider!: string;
  @ApiProperty({ example: 'under_review', description: "the processor's answer" }) status!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ description: 'false when this Idempotency-Key was submitted before (nothing sent again)' }) created!: boolean;
}

export class DisputeListQueryDto {
  @ApiPropertyOptional({ enum: ['needs_response', 'under_review', 'won', 'lost'] }) status?: string;
  @ApiPropertyOptional({ enum: ['stripe', 'adyen'] }) provider?: string;
  @ApiPropertyOptional() customerId?: string;
  @ApiPropertyOptional() invoiceId?: string;
  @ApiPropertyOptional() rootCause?: string;
  @ApiPropertyOptional({ example: 100 }) limit?: number;
  @ApiPropertyOptional() cursor?: string;
}
