import { ApiProperty } from '@nestjs/swagger';

/** One invoice in dunning (GET /v1/dunning); amounts are decimal strings in the currency's minor units. */
export class DunningQueueItemDto {
  @ApiProperty({ example: 'in_202610_USD_c-9' }) invoiceId!: string;
  @ApiProperty({ example: 'c-9' }) customerId!: string;
  @ApiProperty({ example: 'default', description: 'the customer segment whose policy applies' }) segment!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: '19.92', description: 'what was due when the payment failed' }) amountDue!: string;
  @ApiProperty({ example: 2, description: 'retries made so far' }) attempt!: number;
  @ApiProperty({ example: 8, description: 'retries of the policy' }) attemptsMax!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the next retry is due; null when none is' }) nextAttemptAt!: string | null;
  @ApiProperty({ enum: ['scheduled', 'exhausted', 'recovered', 'cancelled'] }) state!: string;
  @ApiProperty({ format: 'date-time', description: 'the failed payment that started dunning' }) failedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'after it the customer is suspended while the invoice is owed' }) graceEndsAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class DunningQueuePageDto {
  @ApiProperty({ type: [DunningQueueItemDto] }) items!: DunningQueueItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the next page; null on the last' }) nextCursor!: string | null;
}
