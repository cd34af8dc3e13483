import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access, ErrorBodyDto } from '@hourglass/access';
import { DomainError } from '@hourglass/contracts';
import { Period } from '@hourglass/time';
import {
  AppliedOperatorsDto,
  ClawbackBodyDto,
  ClawbackResultDto,
  KycBodyDto,
  KycSpendCheckBodyDto,
  KycSpendCheckDto,
  KycViewDto,
  OperatorBalanceDto,
  OperatorDocumentDto,
  OperatorsBodyDto,
  PayoutBatchDto,
  PayoutBatchSummaryDto,
  PayoutRunBodyDto,
  PayoutRunResultDto,
  PayoutItemDto,
  PayoutStatusBodyDto,
  StatementDrilldownDto,
} from './adapters/dto/payouts-api.dto';
import { renderDrilldownPdf } from './adapters/render-drilldown-pdf';
import { isPartyKind } from './kyc/kyc';
import { KycService } from './kyc/kyc.service';
import { operatorDocument } from './operators/operator';
import { OperatorsService } from './operators/operators.service';
import { PayoutRunService } from './payout-run.service';
import { PAYOUT_EARNINGS, PAYOUT_STATEMENTS } from './payouts.tokens';
import type { EarningsSource, PayoutStatementRepository } from './ports';
import { drilldown, drilldownCsv, parseStatementId, type StatementDrilldown } from './statements/drilldown';

function asList(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object' && Array.isArray((body as { documents?: unknown }).documents)) return (body as { documents: unknown[] }).documents;
  return [body];
}

/** The bearer guard puts the caller on the request; its token name is who did it. */
type AuthenticatedRequest = { principal?: { name: string } };
const actorOf = (req: AuthenticatedRequest) => req.principal?.name ?? 'unknown';

@ApiTags('operators')
@Controller('v1')
export class OperatorsController {
  constructor(private readonly operators: OperatorsService) {}

  @Post('operators')
  @ApiOperation({ summary: 'Apply operator documents (CONTRACTS §7): IBAN, BIC, country and currency are checked' })
  @ApiBody({ type: OperatorsBodyDto })
  @ApiOkResponse({ type: AppliedOperatorsDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`invalid_document` with the index and every error; nothing applied' })
  @Access('control-plane')
  @HttpCode(200)
  async apply(@Body() body: unknown) {
    return { results: await this.operators.applyInputs(asList(body), { publish: true }) };
  }

  @Get('operators')
  @ApiOperation({ summary: 'Every operator, current version' })
  @ApiOkResponse({ type: OperatorDocumentDto, isArray: true })
  @Access('control-plane', 'finance', 'billing')
  list() {
    return this.operators.all().map(operatorDocument);
  }
}

@ApiTags('payouts')
@Controller('v1')
export class PayoutsController {
  constructor(
    private readonly payouts: PayoutRunService,
    @Inject(PAYOUT_STATEMENTS) private readonly statements: PayoutStatementRepository,
    @Inject(PAYOUT_EARNINGS) private readonly earnings: EarningsSource,
  ) {}

  private async drilldownOf(statementId: string): Promise<StatementDrilldown> {
    const { period, operatorId, currency } = parseStatementId(statementId);
    const statement = (await this.statements.statements({ period, operatorId })).find((s) => s.currency === currency);
    if (!statement) throw new DomainError('not_found', `no payout statement ${statementId}`);
    const rentals = await this.earnings.rentals([...new Set(statement.lines.map((l) => l.rentalId))]);
    return drilldown(statement, new Map(rentals.map((r) => [r.rentalId, r])));
  }

  @Get('payout-statements/:id')
  @ApiOperation({ summary: 'A payout statement drilled down: invoice lines, rentals, GPU-hours' })
  @ApiOkResponse({ type: StatementDrilldownDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @Access('finance', 'billing')
  statement(@Param('id') id: string) {
    return this.drilldownOf(id);
  }

  @Get('payout-statements/:id/csv')
  @ApiOperation({ summary: 'The drill-down as CSV, one row per invoice line' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @Access('finance', 'billing')
  async statementCsv(@Param('id') id: string): Promise<StreamableFile> {
    const csv = drilldownCsv(await this.drilldownOf(id));
    return new StreamableFile(Buffer.from(csv, 'utf8'), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${id}.csv"` });
  }

  @Get('payout-statements/:id/pdf')
  @ApiOperation({ summary: 'The drill-down as PDF' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @Access('finance', 'billing')
  async statementPdf(@Param('id') id: string): Promise<StreamableFile> {
    const pdf = await renderDrilldownPdf(await this.drilldownOf(id));
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${id}.pdf"` });
  }

  @Post('payouts/runs')
  @ApiOperation({ summary: "Make a period's payout batch; a rerun returns the same batch and pays nothing twice" })
  @ApiBody({ type: PayoutRunBodyDto })
  @ApiOkResponse({ type: PayoutRunResultDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @Access('billing')
  @HttpCode(200)
  async run(@Body() body: { period?: unknown }) {
    if (typeof body?.period !== 'string') throw new DomainError('invalid_period', 'period: expected YYYY-MM');
    const { batch, created } = await this.payouts.run(body.period);
    return { ...batch, created };
  }

  @Get('payouts/batches')
  @ApiOperation({ summary: 'Payout batches, newest first' })
  @ApiOkResponse({ type: PayoutBatchSummaryDto, isArray: true })
  @Access('finance', 'billing')
  batches() {
    return this.payouts.batches();
  }

  @Get('payouts/batches/:id')
  @ApiOperation({ summary: 'One payout batch with its items' })
  @ApiOkResponse({ type: PayoutBatchDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @Access('finance', 'billing')
  batch(@Param('id') id: string) {
    return this.payouts.batch(id);
  }

  @Get('payouts/batches/:id/export')
  @ApiOperation({ summary: 'The bank file: ISO 20022 pain.001.001.09, or CSV' })
  @ApiQuery({ name: 'format', required: true, enum: ['pain.001', 'csv'] })
  @ApiProduces('application/xml', 'text/csv')
  @ApiOkResponse({ description: 'the file', content: { 'application/xml': { schema: { type: 'string' } }, 'text/csv': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @Access('finance', 'billing')
  async export(@Param('id') id: string, @Query('format') format: string): Promise<StreamableFile> {
    const file = await this.payouts.export(id, format ?? '');
    return new StreamableFile(Buffer.from(file.body, 'utf8'), { type: `${file.contentType}; charset=utf-8`, disposition: `attachment; filename="${id}.${format === 'csv' ? 'csv' : 'xml'}"` });
  }

  @Post('payouts/batches/:id/items/:operatorId/status')
  @ApiOperation({ summary: "The bank's status of a payout: paid, failed, returned (a returned payout is owed again)" })
  @ApiBody({ type: PayoutStatusBodyDto })
  @ApiOkResponse({ type: PayoutItemDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: '`invalid_transition`' })
  @Access('billing')
  @HttpCode(200)
  status(@Param('id') id: string, @Param('operatorId') operatorId: string, @Body() body: { status?: unknown; currency?: string; reason?: unknown }, @Req() req: AuthenticatedRequest) {
    return this.payouts.updateStatus({ batchId: id, operatorId, currency: body?.currency, status: body?.status, reason: body?.reason, actor: actorOf(req) });
  }

  @Post('payouts/clawbacks')
  @ApiOperation({ summary: "An operator's share of a refund, netted against its next payouts" })
  @ApiBody({ type: ClawbackBodyDto })
  @ApiOkResponse({ type: ClawbackResultDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @Access('billing')
  @HttpCode(200)
  clawback(@Body() body: Record<string, unknown>) {
    return this.payouts.recordClawback({ clawbackId: body?.clawbackId, operatorId: body?.operatorId, currency: body?.currency, amount: body?.amount, reason: body?.reason });
  }

  @Get('payouts/balances')
  @ApiOperation({ summary: 'Per operator and currency: earned, clawbacks, paid, in flight, reserve, payable' })
  @ApiQuery({ name: 'period', required: false, description: 'earnings up to this period (default: all)' })
  @ApiOkResponse({ type: OperatorBalanceDto, isArray: true })
  @Access('finance', 'billing')
  balances(@Query('period') period?: string) {
    if (period) Period.parse(period);
    return this.payouts.balances(period || '9999-12');
  }
}

@ApiTags('kyc')
@Controller('v1')
export class KycController {
  constructor(private readonly kyc: KycService) {}

  @Post('kyc/spend-checks')
  @ApiOperation({ summary: 'Customers above the monthly spend limit who are not verified (each announced for the control plane)' })
  @ApiBody({ type: KycSpendCheckBodyDto })
  @ApiOkResponse({ type: KycSpendCheckDto, isArray: true })
  @Access('billing')
  @HttpCode(200)
  spendCheck(@Body() body: { period?: unknown }) {
    if (typeof body?.period !== 'string' || !Period.isPeriod(body.period)) throw new DomainError('invalid_period', 'period: expected YYYY-MM');
    return this.kyc.checkCustomerSpend(body.period);
  }

  @Post('kyc/:kind/:id')
  @ApiOperation({ summary: 'Record a KYC state of an operator or customer, with why; appended, never changed' })
  @ApiBody({ type: KycBodyDto })
  @ApiOkResponse({ type: KycViewDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @Access('control-plane', 'billing')
  @HttpCode(200)
  record(@Param('kind') kind: string, @Param('id') id: string, @Body() body: { state?: unknown; reason?: unknown }, @Req() req: AuthenticatedRequest, @Headers('idempotency-key') key?: string) {
    return this.kyc.record({ kind, id, state: body?.state, reason: body?.reason, actor: actorOf(req), idempotencyKey: key ?? null });
  }

  @Get('kyc/:kind/:id')
  @ApiOperation({ summary: 'The KYC state of an operator or customer, with its history' })
  @ApiOkResponse({ type: KycViewDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @Access('control-plane', 'finance', 'billing')
  view(@Param('kind') kind: string, @Param('id') id: string) {
    if (!isPartyKind(kind)) throw new DomainError('bad_request', 'kind must be operator or customer');
    return this.kyc.view(kind, id);
  }
}
