import { Body, Controller, Get, HttpCode, HttpException, Param, Post, Query } from '@nestjs/common';
import { Access } from '@hourglass/access';
import { BillingError, BillingRunService } from './billing-run.service';
import { InvoiceLifecycleService, InvoiceStateError, type CreditGrantInput } from './adapters/clickhouse-invoice-lifecycle.service';
import { InvoiceQueryService } from './adapters/clickhouse-invoice-query.service';
import { Inject, StreamableFile } from '@nestjs/common';
import type { HourglassConfig } from '@hourglass/config';
import { CONFIG } from '@hourglass/platform';
import { documentFileName, documentOptionsFrom, issuerFrom } from './documents/document-settings';
import { renderInvoiceHtml } from './documents/render-invoice-html';
import { renderInvoicePdf } from './documents/render-invoice-pdf';

const STATUS_BY_REASON: Record<string, number> = {
  invalid_period: 400,
  invalid_amount: 400,
  invalid_grant: 400,
  period_not_ended: 422,
  billing_run_in_progress: 409,
  lost_billing_lock: 409,
  busy: 409,
  invalid_transition: 409,
  invoice_not_found: 404,
};

/** Domain errors become HTTP here, at the edge, with their reason code. */
async function http<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BillingError || error instanceof InvoiceStateError) {
      throw new HttpException({ reason: error.reason, message: error.message }, STATUS_BY_REASON[error.reason] ?? 422);
    }
    throw error;
  }
}

@Controller('v1')
export class InvoicingController {
  constructor(
    private readonly billing: BillingRunService,
    private readonly queries: InvoiceQueryService,
    private readonly lifecycle: InvoiceLifecycleService,
  ) {}

  @Post('billing-runs')
  @Access('billing')
  @HttpCode(200)
  bill(@Body() body: { period?: string }) {
    return http(() => this.billing.run(String(body?.period ?? '')));
  }

  @Get('invoices')
  @Access('finance', 'billing')
  invoices(@Query('period') period?: string, @Query('customerId') customerId?: string) {
    return this.queries.invoices({ period, customerId });
  }

  @Get('invoices/:id')
  @Access('finance', 'billing')
  async invoice(@Param('id') id: string) {
    const [invoice] = await this.queries.invoices({ invoiceId: id });
    if (!invoice) throw new HttpException({ reason: 'invoice_not_found', message: `no invoice ${id}` }, 404);
    return invoice;
  }

  // A property, not a constructor parameter, so the document routes leave the constructor the other routes share untouched.
  @Inject(CONFIG) private readonly documentConfig!: HourglassConfig;

  @Get('invoices/:id/html')
  @Access('finance', 'billing')
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
  @Access('finance', 'billing')
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
  @Access('billing')
  @HttpCode(200)
  pay(@Param('id') id: string, @Body() body: { reason?: string }) {
    return http(() => this.lifecycle.transition(id, 'paid', body?.reason ?? ''));
  }

  @Post('invoices/:id/void')
  @Access('billing')
  @HttpCode(200)
  void(@Param('id') id: string, @Body() body: { reason?: string }) {
    return http(() => this.lifecycle.transition(id, 'void', body?.reason ?? ''));
  }

  @Post('invoices/:id/mark-uncollectible')
  @Access('billing')
  @HttpCode(200)
  uncollectible(@Param('id') id: string, @Body() body: { reason?: string }) {
    return http(() => this.lifecycle.transition(id, 'uncollectible', body?.reason ?? ''));
  }

  @Post('invoices/:id/credit-notes')
  @Access('billing')
  @HttpCode(201)
  creditNote(@Param('id') id: string, @Body() body: { amount?: string; reason?: string; void?: boolean }) {
    return http(() => this.lifecycle.creditNote(id, body ?? {}));
  }

  @Get('payout-statements')
  @Access('finance', 'billing')
  payouts(@Query('period') period: string, @Query('operatorId') operatorId?: string) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period ?? '')) {
      throw new HttpException({ reason: 'invalid_period', message: 'period must be YYYY-MM' }, 400);
    }
    return this.queries.payoutStatements({ period, operatorId });
  }

  @Post('credit-grants')
  @Access('billing')
  @HttpCode(201)
  grant(@Body() body: CreditGrantInput) {
    return http(() => this.lifecycle.grantCredit(body));
  }

  @Get('customers/:id/credits')
  @Access('finance', 'billing')
  credits(@Param('id') id: string) {
    return this.lifecycle.creditBalances(id);
  }
}
