import { ApiProperty } from '@nestjs/swagger';

export class StreamStatusDto {
  @ApiProperty({ example: 'USAGE' }) stream!: string;
  @ApiProperty() messages!: number;
  @ApiProperty() bytes!: number;
  @ApiProperty() firstSeq!: number;
  @ApiProperty() lastSeq!: number;
  @ApiProperty({ type: String, nullable: true }) consumer!: string | null;
  @ApiProperty({ description: 'not yet delivered to the consumer' }) pending!: number;
  @ApiProperty({ description: 'delivered, not yet acked' }) ackPending!: number;
  @ApiProperty({ description: 'acked and parked until their rental is known (USAGE only)' }) parked!: number;
  @ApiProperty({ description: 'messages without an outcome yet: pending + ackPending + parked' }) lag!: number;
}

export class IngestStatusDto {
  @ApiProperty() accepted!: number;
  @ApiProperty() duplicate!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { schema_violation: 2, unknown_rental: 0 } })
  rejectedByReason!: Record<string, number>;
  @ApiProperty({ description: 'rejections accepted later by a usage replay (POST /v1/rejections/replay); counted in accepted, not in rejected' })
  replayed!: number;
  @ApiProperty() lag!: number;
  @ApiProperty({ type: [StreamStatusDto] }) streams!: StreamStatusDto[];
}

export class IngestHistoryPointDto {
  @ApiProperty({ format: 'date-time', description: 'bucket start (UTC), by receipt time' }) start!: string;
  @ApiProperty() accepted!: number;
  @ApiProperty() duplicate!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { malformed_json: 2 } })
  rejectedByReason!: Record<string, number>;
}

export class IngestHistoryDto {
  @ApiProperty({ enum: ['minute', 'hour', 'day'] }) bucket!: string;
  @ApiProperty({ type: [IngestHistoryPointDto], description: 'buckets with any outcome, oldest first' }) points!: IngestHistoryPointDto[];
}
