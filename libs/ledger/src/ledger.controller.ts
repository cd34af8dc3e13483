import { Controller, Get, HttpCode, HttpException, Post, Query } from '@nestjs/common';
import { LedgerPostingJob } from './ledger-posting.job';
import { LedgerQueryError, LedgerQueryService } from './ledger-query.service';

/** Query errors become HTTP here, at the edge, with their reason code. */
async function http<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LedgerQueryError) throw new HttpException({ reason: error.reason, message: error.message }, 400);
    throw error;
  }
}

const blankToUndefined = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

/** Finance and billing read the ledger; posting happens only from facts (POST /v1/ledger/sync). */
@Controller('v1/ledger')
export class LedgerController {
  constructor(
    private readonly queries: LedgerQueryService,
    private readonly job: LedgerPostingJob,
  ) {}

  @Get('trial-balance')
  trialBalance() {
    return this.queries.trialBalance();
  }

  @Get('balances')
  balances(@Query('account') account?: string, @Query('currency') currency?: string) {
    return http(() => this.queries.balances({ account: blankToUndefined(account), currency: blankToUndefined(currency) }));
  }

  @Get('entries')
  entries(
    @Query('account') account?: string,
    @Query('currency') currency?: string,
    @Query('txnId') txnId?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ) {
    return http(() =>
      this.queries.entries({
        account: blankToUndefined(account),
        currency: blankToUndefined(currency),
        txnId: blankToUndefined(txnId),
        cursor: blankToUndefined(cursor),
        limit: blankToUndefined(limit) === undefined ? undefined : Number(limit),
      }),
    );
  }

  /** Posts every fact recorded so far; idempotent, so a retry or a concurrent tick changes nothing. */
  @Post('sync')
  @HttpCode(200)
  sync() {
    return this.job.sync();
  }
}
