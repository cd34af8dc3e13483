import { ApiProperty } from '@nestjs/swagger';

/** CONTRACTS §4 `hourglass payouts --json`, for the OpenAPI document. */
export class PayoutStatementLineDto {
  @ApiProperty() invoiceId!: string;
  @ApiProperty() invoiceNumber!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty() lineId!: string;
  @ApiProperty({ enum: ['usage', 'reserved', 'adjustment'] }) kind!: string;
  @ApiProperty() rentalId!: string;
  @ApiProperty() priceBookVersion!: number;
  @ApiProperty() servicePeriod!: string;
  @ApiProperty() quantityGpuHours!: string;
  @ApiProperty() amount!: string;
  @ApiProperty() operatorShare!: string;
  @ApiProperty() platformFee!: string;
}

export class PayoutStatementDto {
  @ApiProperty() statementId!: string;
  @ApiProperty() operatorId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ format: 'date-time' }) periodStart!: string;
  @ApiProperty({ format: 'date-time' }) periodEnd!: string;
  @ApiProperty() gross!: string;
  @ApiProperty() platformFee!: string;
  @ApiProperty() net!: string;
  @ApiProperty({ type: [PayoutStatementLineDto] }) lines!: PayoutStatementLineDto[];
}
