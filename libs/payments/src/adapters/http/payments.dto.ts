import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RecordPaymentDto {
  @ApiProperty({ example: 'in_202610_EUR_c-9', description: 'invoice id or number' })
  invoiceId!: string;
  @ApiProperty({ example: '120.50', description: 'decimal in the invoice currency, at most its minor units' })
  amount!: string;
  @ApiProperty({ example: 'BANK-2026-11-0042', description: 'the transfer reference; recording it again changes nothing' })
  reference!: string;
  @ApiPropertyOptional({ example: '2026-11-03T10:00:00Z', description: 'when the money arrived (default: now)' })
  receivedAt?: string;
}

export class CollectPaymentDto {
  @ApiProperty({ example: 'in_202610_EUR_c-9' })
  invoiceId!: string;
  @ApiPropertyOptional({ example: '50.00', description: 'default: all that is due' })
  amount?: string;
}

export class RefundPaymentDto {
  @ApiProperty({ enum: ['stripe', 'adyen'] })
  provider!: 'stripe' | 'adyen';
  @ApiProperty({ example: 'pi_3Nx…', description: 'Stripe PaymentIntent id or Adyen payment pspReference' })
  paymentRef!: string;
  @ApiProperty({ example: '10.00' })
  amount!: string;
}

export class PaymentDto {
  @ApiProperty() factId!: string;
  @ApiProperty({ enum: ['captured', 'recorded', 'refunded', 'failed', 'refund_failed'] }) kind!: string;
  @ApiProperty({ enum: ['stripe', 'adyen', 'manual'] }) provider!: string;
  @ApiProperty() invoiceId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ example: '120.50', description: 'for refunded: the cumulative refunded amount of the charge' }) amount!: string;
  @ApiProperty() paymentRef!: string;
  @ApiProperty() pspReference!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
}

export class InvoicePaymentsDto {
  @ApiProperty() invoiceId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ example: 'paid' }) status!: string;
  @ApiProperty({ example: '120.50' }) amountPaid!: string;
  @ApiProperty({ example: '0.00' }) amountRefunded!: string;
  @ApiProperty({ example: '0.00' }) amountDue!: string;
  @ApiProperty({ example: '0.00', description: 'moved to the customer credit balance' }) overpaid!: string;
  @ApiProperty({ type: [PaymentDto] }) payments!: PaymentDto[];
}

export class RecordedPaymentDto {
  @ApiProperty({ description: 'false when the reference was recorded before (nothing changed)' }) created!: boolean;
  @ApiProperty({ type: PaymentDto }) payment!: PaymentDto;
}

export class CreatedPaymentDto {
  @ApiProperty({ enum: ['stripe', 'adyen'] }) provider!: string;
  @ApiProperty() paymentRef!: string;
  @ApiProperty({ description: "the processor's status word" }) status!: string;
  @ApiProperty() amount!: string;
  @ApiProperty() currency!: string;
}

export class RefundCreatedDto {
  @ApiProperty() refundRef!: string;
  @ApiProperty() status!: string;
}

export class CreditBalanceLineDto {
  @ApiProperty() currency!: string;
  @ApiProperty({ example: '20.00' }) balance!: string;
}

export class CustomerCreditBalanceDto {
  @ApiProperty() customerId!: string;
  @ApiProperty({ type: [CreditBalanceLineDto] }) balances!: CreditBalanceLineDto[];
}

export class DisputeEventDto {
  @ApiProperty() factId!: string;
  @ApiProperty() disputeId!: string;
  @ApiProperty({ enum: ['stripe', 'adyen'] }) provider!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ enum: ['needs_response', 'under_review', 'won', 'lost'] }) status!: string;
  @ApiProperty({ enum: ['withdrawn', 'reinstated', ''] }) funds!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() invoiceId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() amount!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) dueBy!: string | null;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
}

export class WebhookReceivedDto {
  @ApiProperty({ description: 'entries newly stored' }) stored!: number;
  @ApiProperty({ description: 'entries stored before (a replay): no second effect' }) duplicates!: number;
  @ApiProperty({ description: 'stored, applying failed: the inbox retry applies them' }) deferred!: number;
}

export class PaymentsErrorDto {
  @ApiProperty({ example: 'invalid_signature' }) reason!: string;
  @ApiProperty() message!: string;
}
