import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SqlQueryDto {
  @ApiProperty({
    example: 'SELECT customer_id, sum(gpu_ms) FROM usage_events GROUP BY customer_id',
    description: 'one read-only statement over the Hourglass database; may end with FORMAT CSV, CSVWithNames, TSV or TSVWithNames',
  })
  query!: string;

  @ApiPropertyOptional({
    enum: ['json', 'JSONEachRow', 'CSV', 'CSVWithNames', 'TSV', 'TSVWithNames'],
    description: 'json (the default) answers {rows}; the others stream text/csv or text/tab-separated-values',
  })
  format?: string;
}

export class SqlRowsDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'one object per row; decimals and 64-bit integers as strings' })
  rows!: Record<string, unknown>[];
}
