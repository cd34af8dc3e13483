import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ReplayRequestDto {
  @ApiProperty({ enum: ['unknown_rental'], description: 'the rejection reason to re-check; other rejections are final (a resend is a duplicate)' })
  reason!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'only rejections received at or after this instant' })
  since?: string;
  @ApiPropertyOptional({ description: 'only rejections of this rental' })
  rentalId?: string;
}

export class StillRejectedDto {
  @ApiProperty({ description: 'USAGE stream sequence' }) seq!: number;
  @ApiProperty({ example: 'unknown_rental', description: 'why it is still rejected' }) reason!: string;
  @ApiProperty() detail!: string;
}

export class ReplayResultDto {
  @ApiProperty({ example: 'rpl_01J…', description: 'the run, as recorded in usage_replays' }) replayId!: string;
  @ApiProperty({ example: 'unknown_rental' }) reason!: string;
  @ApiProperty({ description: 'rejections re-checked (those not yet accepted by an earlier replay)' }) candidates!: number;
  @ApiProperty({ type: [Number], description: 'stream sequences accepted by this run' }) accepted!: number[];
  @ApiProperty({ type: [Number], description: 'stream sequences a concurrent replay accepted first' }) alreadyReplayed!: number[];
  @ApiProperty({ type: [StillRejectedDto], description: 'rejections whose cause is not fixed yet; a later replay may accept them' })
  stillRejected!: StillRejectedDto[];
}
