import { Body, Controller, Get, Headers, HttpCode, HttpException, Inject, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { HourglassConfig } from '@hourglass/config';
import { CONFIG } from '@hourglass/platform';
import { BillingError, BillingRunService } from './billing-run.service';
import { InvoicingError, type CreditGrantRequest } from './domain';
import { InvoiceQueryService } from './adapters/clickhouse-invoice-query.service';
import { ChangeInvoiceStatus, CreditBalances, GrantCredit, IssueCreditNote } from './lifecycle';
import { documentFileName, documentOptionsFrom, issuerFrom } from './documents/document-settings';
import { renderInvoiceHtml } from './documents/render-invoice-html';
import { renderInvoicePdf } from './documents/render-invoice-pdf';

const STATUS_BY_REASON: Record<string, number> = {
  invalid_period: 400,
  invalid_amount: 400,
  invalid_grant: 400,
  invalid_idempotency_key: 400,
  period_not_ended: 422,
  billing_run_in_progress: 409,
  lost_billing_lock: 409,
  busy: 409,
  invalid_transition: 409,
  idempotency_key_reused: 409,
  invoice_not_found: 404,
};

/** Domain errors become HTTP here, at the edge, with their reason code. */
async function http<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BillingError || error instanceof InvoicingError) {
      throw new HttpException({ reason: error.reason, message: error.message }, STATUS_BY_REASON[error.reason] ?? 422);
    }
    throw error;
  }
}

const IDEMPOTENCY_KEY = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Same key and same request: the first answer, nothing written twice. Same key, another request: 409 idempotency_key_reused.',
});

/** An absent or empty header is no key: such a request is not retry-safe (as with Stripe). */
function keyOf(header: string | undefined): string | undefined {
  return header === undefined || header === '' ? undefined : header;
}

@Controller('v1')
export class InvoicingController {
  constructor(
    private readonly billing: BillingRunService,
    private readonly queries: InvoiceQueryService,
    private readonly changeStatus: ChangeInvoiceStatus,
    private readonly issueCreditNote: IssueCreditNote,
    private readonly grantCredit: GrantCredit,
    private readonly creditBalances: CreditBalances,
  ) {}

  @Post('billing-runs')
  @HttpCode(200)
  bill(@Body() body: { period?: string }) {
    return http(() => this.billing.run(String(body?.period ?? '')));
  }

  @Get('invoices')
  invoices(@Query('period') period?: string, @Query('customerId') customerId?: string) {
    return this.queries.invoices({ period, customerId });
  }

  @Get('invoices/:id')
  async invoice(@Param('id') id: string) {
    const [invoice] = await this.queries.invoices({ invoiceId: id });
    if (!invoice) throw new HttpException({ reason: 'invoice_not_found', message: `no invoice ${id}` }, 404);
    return invoice;
  }

  // A property, not a constructor parameter, so the document routes leave the constructor the other routes share untouched.
  @Inject(CONFIG) private readonly documentConfig!: HourglassConfig;

  @Get('invoices/:id/html')
  async invoiceHtml(@Param('id') id: string): Promise<StreamableFile> {
    const [invoice] = await this.queries.invoices({ invoiceId: id });
    if (!invoice) throw new HttpException({ reason: 'invoice_not_found', message: `no invoice ${id}` }, 404);
    const html = renderInvoiceHtml(invoice, issuerFrom(this.documentConfig), documentOptionsFrom(this.documentConfig, invoice.currency));
    return new StreamableFile(Buffer.from(html, 'utf8'), {
      type: 'text/html; charset=utf-8',
      disposition: `inline; filename="${documentFileName(invoice.number, 'html')}"`,
    });
  }

  @Get('invoices/:id/pdf')
  async invoicePdf(@Param('id') id: string): Promise<StreamableFile> {
    const [invoice] = await this.queries.invoices({ invoiceId: id });
    if (!invoice) throw new HttpException({ reason: 'invoice_not_found', message: `no invoice ${id}` }, 404);
    const pdf = await renderInvoicePdf(invoice, issuerFrom(this.documentConfig), documentOptionsFrom(this.documentConfig, invoice.currency));
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `inline; filename="${documentFileName(invoice.number, 'pdf')}"`,
    });
  }

  @Post('invoices/:id/pay')
  @IDEMPOTENCY_KEY
  @HttpCode(200)
  pay(@Param('id') id: string, @Body() body: { reason?: string }, @Headers('idempotency-key') key?: string) {
    return http(() => this.changeStatus.execute({ invoiceId: id, to: 'paid', reason: body?.reason, idempotencyKey: keyOf(key) }));
  }

  @Post('invoices/:id/void')
  @IDEMPOTENCY_KEY
  @HttpCode(200)
  void(@Param('id') id: string, @Body() body: { reason?: string }, @Headers('idempotency-key') key?: string) {
    return http(() => this.changeStatus.execute({ invoiceId: id, to: 'void', reason: body?.reason, idempotencyKey: keyOf(key) }));
  }

  @Post('invoices/:id/mark-uncollectible')
  @IDEMPOTENCY_KEY
  @HttpCode(200)
  uncollectible(@Param('id') id: string, @Body() body: { reason?: string }, @Headers('idempotency-key') key?: string) {
    return http(() => this.changeStatus.execute({ invoiceId: id, to: 'uncollectible', reason: body?.reason, idempotencyKey: keyOf(key) }));
  }

  @Post('invoices/:id/credit-notes')
  @IDEMPOTENCY_KEY
  @HttpCode(201)
  creditNote(@Param('id') id: string, @Body() body: { amount?: string; reason?: string; void?: boolean }, @Headers('idempotency-key') key?: string) {
    return http(() => this.issueCreditNote.execute({ invoiceId: id, amount: body?.amount, reason: body?.reason, void: body?.void, idempotencyKey: keyOf(key) }));
  }

  @Post('credit-grants')
  @IDEMPOTENCY_KEY
  @HttpCode(201)
  grant(@Body() body: CreditGrantRequest, @Headers('idempotency-key') key?: string) {
    return http(() => this.grantCredit.execute({ ...(body ?? ({} as CreditGrantRequest)), idempotencyKey: keyOf(key) }));
  }

  @Get('customers/:id/credits')
  credits(@Param('id') id: string) {
    return this.creditBalances.execute(id);
  }
}
