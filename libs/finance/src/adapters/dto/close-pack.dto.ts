import { ApiProperty } from '@nestjs/swagger';

export class DatasetSummaryDto {
  @ApiProperty({ example: 'invoices' }) name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'rows in the files of this dataset' }) rows!: number;
  @ApiProperty({ description: 'per currency, the sum of each amount column (decimal text, major units)', example: { USD: { total: '1792.80' } } })
  totals!: Record<string, Record<string, string>>;
}

export class ClosePackSummaryDto {
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ example: '2026-10-01T00:00:00.000Z' }) periodStart!: string;
  @ApiProperty({ example: '2026-11-01T00:00:00.000Z', description: 'exclusive' }) periodEnd!: string;
  @ApiProperty({ description: 'only facts recorded before this instant are in the pack' }) asOf!: string;
  @ApiProperty({ type: DatasetSummaryDto, isArray: true }) datasets!: DatasetSummaryDto[];
}
