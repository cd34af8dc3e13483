import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { Access, ErrorBodyDto } from '@hourglass/access';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { BalanceRowDto, LedgerEntriesPageDto, LedgerSyncRequestDto, LedgerSyncResultDto, TrialBalanceRowDto } from './adapters/dto/ledger.dto';
import { LedgerPostingJob } from './ledger-posting.job';
import { LedgerQueryService } from './ledger-query.service';

const blankToUndefined = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

/** Finance and billing read the ledger; posting happens only from facts (POST /v1/ledger/sync). */
@ApiTags('ledger')
@Controller('v1/ledger')
export class LedgerController {
  constructor(
    private readonly queries: LedgerQueryService,
    private readonly job: LedgerPostingJob,
  ) {}

  @Get('trial-balance')
  @ApiOperation({ summary: 'Debits and credits per currency (equal in a balanced ledger)' })
  @ApiOkResponse({ type: TrialBalanceRowDto, isArray: true })
  @Access('finance', 'billing')
  trialBalance() {
    return this.queries.trialBalance();
  }

  @Get('balances')
  @ApiOperation({ summary: 'Balance per account and currency' })
  @ApiQuery({ name: 'account', required: false, description: 'one account (receivable:c-9) or a family (receivable)' })
  @ApiQuery({ name: 'currency', required: false, description: 'ISO 4217 code' })
  @ApiOkResponse({ type: BalanceRowDto, isArray: true })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`unknown_account`, `unknown_currency`' })
  @Access('finance', 'billing')
  balances(@Query('account') account?: string, @Query('currency') currency?: string) {
    return this.queries.balances({ account: blankToUndefined(account), currency: blankToUndefined(currency) });
  }

  @Get('entries')
  @ApiOperation({ summary: 'Postings in (occurredAt, txnId, postingNo) order, a page at a time' })
  @ApiQuery({ name: 'account', required: false, description: 'one account or a family' })
  @ApiQuery({ name: 'currency', required: false })
  @ApiQuery({ name: 'txnId', required: false })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  @ApiOkResponse({ type: LedgerEntriesPageDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`unknown_account`, `unknown_currency`, `invalid_cursor`, `invalid_limit`' })
  @Access('finance', 'billing')
  entries(
    @Query('account') account?: string,
    @Query('currency') currency?: string,
    @Query('txnId') txnId?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ) {
    return this.queries.entries({
      account: blankToUndefined(account),
      currency: blankToUndefined(currency),
      txnId: blankToUndefined(txnId),
      cursor: blankToUndefined(cursor),
      limit: blankToUndefined(limit) === undefined ? undefined : Number(limit),
    });
  }

  /** Posts every fact recorded so far; idempotent, so a retry or a concurrent tick changes nothing. */
  @Post('sync')
  @ApiOperation({ summary: 'Post every fact recorded so far (idempotent)' })
  @ApiBody({ type: LedgerSyncRequestDto, required: false })
  @ApiOkResponse({ type: LedgerSyncResultDto })
  // A write (it appends transactions), so not finance's; billing runs it after a run or a lifecycle action.
  @Access('billing')
  @HttpCode(200)
  sync() {
    return this.job.sync();
  }
}
