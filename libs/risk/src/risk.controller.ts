import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Access, ErrorBodyDto } from '@hourglass/access';
import type { PartyKind } from '@hourglass/contracts';
import {
  LoadedListDto,
  PartyScreeningRequestDto,
  PartyScreeningResultDto,
  ReviewCaseDto,
  ReviewDecisionRequestDto,
  RiskSignalDto,
  SanctionsListsDto,
  SanctionsListsRequestDto,
  ScreeningRequestDto,
  ScreeningResultDto,
} from './adapters/dto/risk.dto';
import type { SanctionsListVersion } from './domain/entries';
import { FraudSignalsService } from './fraud-signals.service';
import { InvalidSanctionsListError, SanctionsListsService } from './sanctions-lists.service';
import { InvalidScreeningRequestError, ScreeningService } from './screening.service';

const blank = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
const optionalText = (v: unknown, field: string): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new InvalidSanctionsListError(`${field} must be the file's text`);
  return v;
};
const versionView = (v: SanctionsListVersion) => ({ list: v.list, version: v.version, entries: v.entries, names: v.names, source: v.source, loadedAt: new Date(v.loadedAtMs).toISOString() });

/** Sanctions screening, its review queue and the lists (CONTRACTS §8), and the fraud signals. */
@ApiTags('risk')
@Controller('v1')
export class RiskController {
  constructor(
    private readonly screening: ScreeningService,
    private readonly lists: SanctionsListsService,
    private readonly signals: FraudSignalsService,
  ) {}

  @Post('screenings')
  @HttpCode(200)
  @ApiOperation({ summary: 'Screen a name against the sanctions lists in force (nothing is stored)' })
  @ApiBody({ type: ScreeningRequestDto })
  @ApiOkResponse({ type: ScreeningResultDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`invalid_screening_request`' })
  @Access('control-plane', 'billing', 'finance')
  screen(@Body() body: ScreeningRequestDto) {
    return this.screening.screenName(body?.name, body?.country);
  }

  @Post('screenings/parties')
  @HttpCode(200)
  @ApiOperation({ summary: 'Screen a customer or operator now, store the screening and open a review case on a match' })
  @ApiBody({ type: PartyScreeningRequestDto })
  @ApiOkResponse({ type: PartyScreeningResultDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`invalid_screening_request`' })
  @Access('control-plane', 'billing')
  async screenParty(@Body() body: PartyScreeningRequestDto) {
    if (body?.kind !== 'customer' && body?.kind !== 'operator') throw new InvalidScreeningRequestError('kind must be customer or operator');
    if (typeof body.id !== 'string' || body.id === '') throw new InvalidScreeningRequestError('id is required');
    const result = await this.screening.screenParty({ kind: body.kind, id: body.id, name: body.name, country: body.country ?? null }, 'manual');
    return { decision: result.decision, matches: result.matches, screeningId: result.screeningId, caseId: result.caseId };
  }

  @Get('screenings/reviews')
  @ApiOperation({ summary: 'The review queue: cases opened by matches, newest first' })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'decided', 'all'], description: 'pending (default): no reviewer has decided yet' })
  @ApiQuery({ name: 'partyKind', required: false, enum: ['customer', 'operator'] })
  @ApiQuery({ name: 'partyId', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  @ApiQuery({ name: 'before', required: false, description: 'the caseId of the last case of the previous page' })
  @ApiOkResponse({ type: ReviewCaseDto, isArray: true })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`invalid_screening_request`' })
  @Access('finance', 'billing')
  reviews(@Query('status') status?: string, @Query('partyKind') partyKind?: string, @Query('partyId') partyId?: string, @Query('limit') limit?: string, @Query('before') before?: string) {
    const s = blank(status);
    if (s !== undefined && s !== 'pending' && s !== 'decided' && s !== 'all') throw new InvalidScreeningRequestError('status must be pending, decided or all');
    const k = blank(partyKind);
    if (k !== undefined && k !== 'customer' && k !== 'operator') throw new InvalidScreeningRequestError('partyKind must be customer or operator');
    return this.screening.reviews({ status: s, partyKind: k as PartyKind | undefined, partyId: blank(partyId), before: blank(before), limit: blank(limit) === undefined ? undefined : Number(limit) });
  }

  @Get('screenings/reviews/:id')
  @ApiOperation({ summary: 'One review case with its decisions' })
  @ApiOkResponse({ type: ReviewCaseDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: '`screening_case_not_found`' })
  @Access('finance', 'billing')
  review(@Param('id') id: string) {
    return this.screening.review(id);
  }

  @Post('screenings/reviews/:id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: "A reviewer's decision on a case (clear or block), appended with who, when and why" })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'the same key is the same decision, stored once' })
  @ApiBody({ type: ReviewDecisionRequestDto })
  @ApiOkResponse({ type: ReviewCaseDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`invalid_screening_request`' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: '`screening_case_not_found`' })
  @Access('billing')
  decide(@Param('id') id: string, @Body() body: ReviewDecisionRequestDto, @Req() request: Request & { principal?: { name: string } }, @Headers('idempotency-key') key?: string) {
    return this.screening.decide({ caseId: id, decision: body?.decision, reason: body?.reason, actor: request.principal?.name ?? 'unknown', idempotencyKey: blank(key) ?? null });
  }

  @Post('sanctions/lists')
  @HttpCode(200)
  @ApiOperation({ summary: 'Load sanctions list files in their published CSV layouts; a new version rescreens everyone' })
  @ApiBody({ type: SanctionsListsRequestDto })
  @ApiOkResponse({ type: LoadedListDto, isArray: true })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`invalid_sanctions_list`' })
  @Access('billing')
  async load(@Body() body: SanctionsListsRequestDto) {
    const sdn = optionalText(body?.ofacSdn, 'ofacSdn');
    const alt = optionalText(body?.ofacAlt, 'ofacAlt');
    const add = optionalText(body?.ofacAdd, 'ofacAdd');
    if (!sdn && (alt || add)) throw new InvalidSanctionsListError('ofacAlt and ofacAdd go with ofacSdn');
    const loaded = await this.lists.load({
      ...(sdn ? { ofac: { sdn, ...(alt ? { alt } : {}), ...(add ? { add } : {}) } } : {}),
      ...(body?.eu !== undefined ? { eu: optionalText(body.eu, 'eu') } : {}),
      source: typeof body?.source === 'string' ? body.source.slice(0, 500) : 'api',
    });
    // Everyone is rescreened against the new version now rather than at the next sweep.
    if (loaded.some((l) => l.status === 'loaded')) void this.screening.sweep().catch(() => undefined);
    return loaded;
  }

  @Get('sanctions/lists')
  @ApiOperation({ summary: 'The list versions in force, and every version loaded' })
  @ApiOkResponse({ type: SanctionsListsDto })
  @Access('finance', 'billing')
  async listVersions() {
    await this.lists.refreshFromStore();
    return { current: this.lists.loadedVersions.map(versionView), history: (await this.lists.history()).map(versionView) };
  }

  @Get('risk/signals')
  @ApiOperation({ summary: 'Usage-fraud signals raised, newest window first' })
  @ApiQuery({ name: 'rule', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  @ApiOkResponse({ type: RiskSignalDto, isArray: true })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`invalid_signal_query`' })
  @Access('finance', 'billing')
  async riskSignals(@Query('rule') rule?: string, @Query('limit') limit?: string) {
    const signals = await this.signals.list({ rule: blank(rule), limit: blank(limit) === undefined ? undefined : Number(limit) });
    return signals.map((s) => ({
      signalId: s.signalId,
      rule: s.rule,
      subjectKind: s.subjectKind,
      subjectId: s.subjectId,
      windowStart: new Date(s.window.fromMs).toISOString(),
      windowEnd: new Date(s.window.toMs).toISOString(),
      value: s.value,
      threshold: s.threshold,
      detail: s.detail,
      detectedAt: new Date(s.detectedAtMs).toISOString(),
    }));
  }
}
