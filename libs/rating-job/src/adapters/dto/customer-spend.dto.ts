import { ApiProperty } from '@nestjs/swagger';

export class CustomerSpendDto {
  @ApiProperty({ example: 'c-9' }) customerId!: string;
  @ApiProperty({ example: '2026-11' }) period!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: '1234.5678', description: 'exact, unrounded month-to-date spend; not an invoice amount' }) spend!: string;
  @ApiProperty({ type: String, nullable: true }) creditLimit!: string | null;
  @ApiProperty({ enum: ['live', 'rated_usage'] }) source!: string;
  @ApiProperty({ type: Number, nullable: true }) ratingSeq!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
}
