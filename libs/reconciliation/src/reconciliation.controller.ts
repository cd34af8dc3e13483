import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { Access, ErrorBodyDto } from '@hourglass/access';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  AssignBreakDto,
  BankImportRequestDto,
  BankImportResultDto,
  BreakDto,
  BreaksPageDto,
  CloseBreakDto,
  PspImportRequestDto,
  PspImportResultDto,
  ReconRunRequestDto,
  ReconRunResultDto,
} from './adapters/dto/recon.dto';
import type { BreakAction } from './domain/breaks';
import { ReconciliationService } from './reconciliation.service';

const blank = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
type WithPrincipal = { principal?: { name: string } };

/** Settlement imports, reconciliation runs and the break lifecycle (CONTRACTS §9). */
@ApiTags('reconciliation')
@Controller('v1')
export class ReconciliationController {
  constructor(private readonly recon: ReconciliationService) {}

  @Post('psp/imports')
  @Access('billing')
  @HttpCode(200)
  @ApiOperation({ summary: 'import a settlement report (Stripe itemized payout reconciliation, Adyen settlement details); the same file twice changes nothing' })
  @ApiBody({ type: PspImportRequestDto })
  @ApiOkResponse({ type: PspImportResultDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`invalid_document`: the file is refused whole; the message names the line and column' })
  importReport(@Body() body: PspImportRequestDto) {
    return this.recon.importReport(body?.provider, body?.content, body?.fileName ?? '');
  }

  @Post('bank/imports')
  @Access('billing')
  @HttpCode(200)
  @ApiOperation({ summary: 'import a bank statement of the payout account (camt.053-lite CSV); the same file twice changes nothing' })
  @ApiBody({ type: BankImportRequestDto })
  @ApiOkResponse({ type: BankImportResultDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`invalid_document`: the file is refused whole; the message names the line and column' })
  importBankStatement(@Body() body: BankImportRequestDto) {
    return this.recon.importBankStatement(body?.content, body?.fileName ?? '');
  }

  @Post('recon/runs')
  @Access('billing')
  @HttpCode(200)
  @ApiOperation({ summary: 'match a period: settlement lines, payments, invoices, billing accuracy; idempotent' })
  @ApiBody({ type: ReconRunRequestDto })
  @ApiOkResponse({ type: ReconRunResultDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`invalid_period`' })
  run(@Body() body: ReconRunRequestDto) {
    return this.recon.run(body?.period);
  }

  @Get('breaks')
  @Access('finance', 'billing')
  @ApiOperation({ summary: 'reconciliation breaks, in id order, a page at a time' })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'assigned', 'resolved', 'written_off'] })
  @ApiQuery({ name: 'type', required: false })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM' })
  @ApiQuery({ name: 'currency', required: false })
  @ApiQuery({ name: 'provider', required: false })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  @ApiOkResponse({ type: BreaksPageDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`bad_request`, `invalid_period`, `invalid_cursor`, `invalid_limit`' })
  list(
    @Query('status') status?: string,
    @Query('type') type?: string,
    @Query('period') period?: string,
    @Query('currency') currency?: string,
    @Query('provider') provider?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ) {
    return this.recon.list({
      status: blank(status),
      type: blank(type),
      period: blank(period),
      currency: blank(currency),
      provider: blank(provider),
      cursor: blank(cursor),
      limit: blank(limit) === undefined ? undefined : Number(limit),
    });
  }

  @Get('breaks/:id')
  @Access('finance', 'billing')
  @ApiOperation({ summary: 'one break' })
  @ApiOkResponse({ type: BreakDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  get(@Param('id') id: string) {
    return this.recon.get(id);
  }

  @Post('breaks/:id/assign')
  @Access('billing')
  @HttpCode(200)
  @ApiOperation({ summary: 'assign a break (open → assigned)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ type: AssignBreakDto })
  @ApiOkResponse({ type: BreakDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: '`invalid_transition`: the break is resolved or written off' })
  assign(@Param('id') id: string, @Body() body: AssignBreakDto, @Req() req: WithPrincipal, @Headers('idempotency-key') key?: string) {
    return this.act(id, 'assign', body, req, key);
  }

  @Post('breaks/:id/resolve')
  @Access('billing')
  @HttpCode(200)
  @ApiOperation({ summary: 'resolve a break, with the reason' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ type: CloseBreakDto })
  @ApiOkResponse({ type: BreakDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: '`invalid_transition`' })
  resolve(@Param('id') id: string, @Body() body: CloseBreakDto, @Req() req: WithPrincipal, @Headers('idempotency-key') key?: string) {
    return this.act(id, 'resolve', body, req, key);
  }

  @Post('breaks/:id/write-off')
  @Access('billing')
  @HttpCode(200)
  @ApiOperation({ summary: 'write a break off, with the reason; the ledger posts the difference' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ type: CloseBreakDto })
  @ApiOkResponse({ type: BreakDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: '`invalid_transition`' })
  writeOff(@Param('id') id: string, @Body() body: CloseBreakDto, @Req() req: WithPrincipal, @Headers('idempotency-key') key?: string) {
    return this.act(id, 'write-off', body, req, key);
  }

  private act(id: string, action: BreakAction, body: { reason?: string; assignee?: string } | undefined, req: WithPrincipal, key?: string): Promise<BreakDto> {
    return this.recon.act(id, action, body ?? {}, req.principal?.name ?? 'unknown', blank(key));
  }
}
