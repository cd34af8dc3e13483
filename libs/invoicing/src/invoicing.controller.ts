import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { HourglassConfig } from '@hourglass/config';
import { CONFIG } from '@hourglass/platform';
import { BillingRunService } from './billing-run.service';
import { InvoicingError, type CreditGrantRequest } from './domain';
import { InvoiceQueryService } from './adapters/clickhouse-invoice-query.service';
import { ChangeInvoiceStatus, CreditBalances, GrantCredit, IssueCreditNote } from './lifecycle';
import { documentFileName, documentOptionsFrom, issuerFrom } from './documents/document-settings';
import { renderInvoiceHtml } from './documents/render-invoice-html';
import { renderInvoicePdf } from './documents/render-invoice-pdf';

const IDEMPOTENCY_KEY = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Same key and same request: the first answer, nothing written twice. Same key, another request: 409 idempotency_key_reused.',
});

/** An absent or empty header is no key: such a request is not retry-safe (as with Stripe). */
function keyOf(header: string | undefined): string | undefined {
  return header === undefined || header === '' ? undefined : header;
}

/** HTTP only: errors are DomainErrors, answered with their reason by the shared filter. */
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
    return this.billing.run(String(body?.period ?? ''));
  }

  @Get('invoices')
  invoices(@Query('period') period?: string, @Query('customerId') customerId?: string) {
    return this.queries.invoices({ period, customerId });
  }

  @Get('invoices/:id')
  async invoice(@Param('id') id: string) {
    const [invoice] = await this.queries.invoices({ invoiceId: id });
    if (!invoice) throw new InvoicingError('invoice_not_found', `no invoice ${id}`);
    return invoice;
  }

  // A property, not a constructor parameter, so the document routes leave the constructor the other routes share untouched.
  @Inject(CONFIG) private readonly documentConfig!: HourglassConfig;

  @Get('invoices/:id/html')
  async invoiceHtml(@Param('id') id: string): Promise<StreamableFile> {
    const [invoice] = await this.queries.invoices({ invoiceId: id });
    if (!invoice) throw new InvoicingError('invoice_not_found', `no invoice ${id}`);
    const html = renderInvoiceHtml(invoice, issuerFrom(this.documentConfig.billing), documentOptionsFrom(this.documentConfig.billing, invoice.currency));
    return new StreamableFile(Buffer.from(html, 'utf8'), {
      type: 'text/html; charset=utf-8',
      disposition: `inline; filename="${documentFileName(invoice.number, 'html')}"`,
    });
  }

  @Get('invoices/:id/pdf')
  async invoicePdf(@Param('id') id: string): Promise<StreamableFile> {
    const [invoice] = await this.queries.invoices({ invoiceId: id });
    if (!invoice) throw new InvoicingError('invoice_not_found', `no invoice ${id}`);
    const pdf = await renderInvoicePdf(invoice, issuerFrom(this.documentConfig.billing), documentOptionsFrom(this.documentConfig.billing, invoice.currency));
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `inline; filename="${documentFileName(invoice.number, 'pdf')}"`,
    });
  }

  @Post('invoices/:id/pay')
  @IDEMPOTENCY_KEY
  @HttpCode(200)
  pay(@Param('id') id: string, @Body() body: { reason?: string }, @Headers('idempotency-key') key?: string) {
    return this.changeStatus.execute({ invoiceId: id, to: 'paid', reason: body?.reason, idempotencyKey: keyOf(key) });
  }

  @Post('invoices/:id/void')
  @IDEMPOTENCY_KEY
  @HttpCode(200)
  void(@Param('id') id: string, @Body() body: { reason?: string }, @Headers('idempotency-key') key?: string) {
    return this.changeStatus.execute({ invoiceId: id, to: 'void', reason: body?.reason, idempotencyKey: keyOf(key) });
  }

  @Post('invoices/:id/mark-uncollectible')
  @IDEMPOTENCY_KEY
  @HttpCode(200)
  uncollectible(@Param('id') id: string, @Body() body: { reason?: string }, @Headers('idempotency-key') key?: string) {
    return this.changeStatus.execute({ invoiceId: id, to: 'uncollectible', reason: body?.reason, idempotencyKey: keyOf(key) });
  }

  @Post('invoices/:id/credit-notes')
  @IDEMPOTENCY_KEY
  @HttpCode(201)
  creditNote(@Param('id') id: string, @Body() body: { amount?: string; reason?: string; void?: boolean }, @Headers('idempotency-key') key?: string) {
    return this.issueCreditNote.execute({ invoiceId: id, amount: body?.amount, reason: body?.reason, void: body?.void, idempotencyKey: keyOf(key) });
  }

  @Post('credit-grants')
  @IDEMPOTENCY_KEY
  @HttpCode(201)
  grant(@Body() body: CreditGrantRequest, @Headers('idempotency-key') key?: string) {
    return this.grantCredit.execute({ ...(body ?? ({} as CreditGrantRequest)), idempotencyKey: keyOf(key) });
  }

  @Get('customers/:id/credits')
  credits(@Param('id') id: string) {
    return this.creditBalances.execute(id);
  }
}
