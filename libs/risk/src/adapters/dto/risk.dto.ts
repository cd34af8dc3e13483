import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Request and response bodies of /v1/screenings, /v1/sanctions and /v1/risk (CONTRACTS §8). */
export class ScreeningRequestDto {
  @ApiProperty({ example: 'Mohammed Al-Rashid', maxLength: 300 }) name!: string;
  @ApiPropertyOptional({ example: 'IR', description: 'ISO 3166-1 alpha-2: a signal, not a filter' }) country?: string;
}

export class ScreeningMatchDto {
  @ApiProperty({ enum: ['ofac_sdn', 'eu'] }) list!: string;
  @ApiProperty({ example: '12345', description: 'OFAC ent_num or EU Entity_LogicalId' }) entryId!: string;
  @ApiProperty({ example: 'Mohammed Al Rashid', description: 'the listed name or alias that matched best' }) name!: string;
  @ApiProperty({ example: 0.9731, description: 'in [0, 1], four decimals' }) score!: number;
}

export class ScreeningResultDto {
  @ApiProperty({ enum: ['block', 'review', 'clear'] }) decision!: string;
  @ApiProperty({ type: [ScreeningMatchDto] }) matches!: ScreeningMatchDto[];
}

export class PartyScreeningRequestDto {
  @ApiProperty({ enum: ['customer', 'operator'] }) kind!: string;
  @ApiProperty({ example: 'op-42' }) id!: string;
  @ApiProperty({ example: 'Rhein GPU GmbH' }) name!: string;
  @ApiPropertyOptional({ example: 'DE' }) country?: string;
}

export class PartyScreeningResultDto extends ScreeningResultDto {
  @ApiProperty({ example: 'scr_3f2a…' }) screeningId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the review case the matches opened or found' }) caseId!: string | null;
}

export class PartyDto {
  @ApiProperty({ enum: ['customer', 'operator'] }) kind!: string;
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) country!: string | null;
}

export class ReviewDecisionDto {
  @ApiProperty({ enum: ['clear', 'block'] }) decision!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'the API token name of the reviewer' }) actor!: string;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
}

export class ReviewCaseDto {
  @ApiProperty() caseId!: string;
  @ApiProperty({ type: PartyDto }) party!: PartyDto;
  @ApiProperty({ enum: ['block', 'review'], description: "the matcher's decision" }) autoDecision!: string;
  @ApiProperty({ enum: ['pending', 'blocked', 'cleared'], description: 'blocked: payouts and new rentals stop; a block case blocks until cleared' }) standing!: string;
  @ApiProperty({ type: [ScreeningMatchDto] }) matches!: ScreeningMatchDto[];
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: [ReviewDecisionDto], description: 'oldest first; the newest stands' }) decisions!: ReviewDecisionDto[];
}

export class ReviewDecisionRequestDto {
  @ApiProperty({ enum: ['clear', 'block'] }) decision!: string;
  @ApiProperty({ example: 'date of birth and nationality differ from the listed person', maxLength: 2000 }) reason!: string;
}

export class SanctionsListsRequestDto {
  @ApiPropertyOptional({ description: 'the text of OFAC sdn.csv (no header, 12 columns)' }) ofacSdn?: string;
  @ApiPropertyOptional({ description: 'the text of OFAC alt.csv' }) ofacAlt?: string;
  @ApiPropertyOptional({ description: 'the text of OFAC add.csv' }) ofacAdd?: string;
  @ApiPropertyOptional({ description: 'the text of the EU consolidated list CSV (semicolon-separated, with header)' }) eu?: string;
  @ApiPropertyOptional({ example: 'sdn.csv alt.csv add.csv', description: 'where the files came from, kept with the version' }) source?: string;
}

export class LoadedListDto {
  @ApiProperty({ enum: ['ofac_sdn', 'eu'] }) list!: string;
  @ApiProperty({ example: '9f86d081884c7d65' }) version!: string;
  @ApiProperty() entries!: number;
  @ApiProperty({ description: 'names including aliases' }) names!: number;
  @ApiProperty({ enum: ['loaded', 'unchanged'] }) status!: string;
}

export class ListVersionDto {
  @ApiProperty({ enum: ['ofac_sdn', 'eu'] }) list!: string;
  @ApiProperty() version!: string;
  @ApiProperty() entries!: number;
  @ApiProperty() names!: number;
  @ApiProperty() source!: string;
  @ApiProperty({ format: 'date-time' }) loadedAt!: string;
}

export class SanctionsListsDto {
  @ApiProperty({ type: [ListVersionDto], description: 'the version in force of each list' }) current!: ListVersionDto[];
  @ApiProperty({ type: [ListVersionDto], description: 'every version loaded, newest first' }) history!: ListVersionDto[];
}

export class RiskSignalDto {
  @ApiProperty({ example: 'node_overcommit:node:op-42/node-17:2026-11-27T00:00:00.000Z' }) signalId!: string;
  @ApiProperty({ enum: ['node_overcommit', 'overlapping_resends', 'outside_rental_window', 'zero_utilization', 'rental_velocity', 'spend_jump'] }) rule!: string;
  @ApiProperty({ enum: ['node', 'operator', 'rental', 'customer'] }) subjectKind!: string;
  @ApiProperty() subjectId!: string;
  @ApiProperty({ format: 'date-time' }) windowStart!: string;
  @ApiProperty({ format: 'date-time' }) windowEnd!: string;
  @ApiProperty() value!: number;
  @ApiProperty() threshold!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) detectedAt!: string;
}
