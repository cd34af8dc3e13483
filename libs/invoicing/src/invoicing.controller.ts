import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Period } from '@hourglass/time';
import { BillingRunService } from './billing-run.service';
import { InvoiceLifecycleService, InvoiceStateError, type CreditGrantInput } from './adapters/clickhouse-invoice-lifecycle.service';
import { InvoiceQueryService } from './adapters/clickhouse-invoice-query.service';
import { Inject, StreamableFile } from '@nestjs/common';
import type { HourglassConfig } from '@hourglass/config';
import { CONFIG } from '@hourglass/platform';
import { documentFileName, documentOptionsFrom, issuerFrom } from './documents/document-settings';
import { renderInvoiceHtml } from './documents/render-invoice-html';
import { renderInvoicePdf } from './documents/render-invoice-pdf';

@Controller('v1')
export class InvoicingController {
  constructor(
    private readonly billing: BillingRunService,
    private readonly queries: InvoiceQueryService,
    private readonly lifecycle: InvoiceLifecycleService,
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
    if (!invoice) throw new InvoiceStateError('invoice_not_found', `no invoice ${id}`);
    return invoice;
  }

  // A property, not a constructor parameter, so the document routes leave the constructor the other routes share untouched.
  @Inject(CONFIG) private readonly documentConfig!: HourglassConfig;

  @Get('invoices/:id/html')
  async invoiceHtml(@Param('id') id: string): Promise<StreamableFile> {
    const [invoice] = await this.queries.invoices({ invoiceId: id });
    if (!invoice) throw new InvoiceStateError('invoice_not_found', `no invoice ${id}`);
    const html = renderInvoiceHtml(invoice, issuerFrom(this.documentConfig.billing), documentOptionsFrom(this.documentConfig.billing, invoice.currency));
    return new StreamableFile(Buffer.from(html, 'utf8'), {
      type: 'text/html; charset=utf-8',
      disposition: `inline; filename="${documentFileName(invoice.number, 'html')}"`,
    });
  }

  @Get('invoices/:id/pdf')
  async invoicePdf(@Param('id') id: string): Promise<StreamableFile> {
    const [invoice] = await this.queries.invoices({ invoiceId: id });
    if (!invoice) throw new InvoiceStateError('invoice_not_found', `no invoice ${id}`);
    const pdf = await renderInvoicePdf(invoice, issuerFrom(this.documentConfig.billing), documentOptionsFrom(this.documentConfig.billing, invoice.currency));
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `inline; filename="${documentFileName(invoice.number, 'pdf')}"`,
    });
  }

  @Post('invoices/:id/pay')
  @HttpCode(200)
  pay(@Param('id') id: string, @Body() body: { reason?: string }) {
    return this.lifecycle.transition(id, 'paid', body?.reason ?? '');
  }

  @Post('invoices/:id/void')
  @HttpCode(200)
  void(@Param('id') id: string, @Body() body: { reason?: string }) {
    return this.lifecycle.transition(id, 'void', body?.reason ?? '');
  }

  @Post('invoices/:id/mark-uncollectible')
  @HttpCode(200)
  uncollectible(@Param('id') id: string, @Body() body: { reason?: string }) {
    return this.lifecycle.transition(id, 'uncollectible', body?.reason ?? '');
  }

  @Post('invoices/:id/credit-notes')
  @HttpCode(201)
  creditNote(@Param('id') id: string, @Body() body: { amount?: string; reason?: string; void?: boolean }) {
    return this.lifecycle.creditNote(id, body ?? {});
  }

  @Get('payout-statements')
  payouts(@Query('period') period: string, @Query('operatorId') operatorId?: string) {
    Period.parse(period ?? '');
    return this.queries.payoutStatements({ period, operatorId });
  }

  @Post('credit-grants')
  @HttpCode(201)
  grant(@Body() body: CreditGrantInput) {
    return this.lifecycle.grantCredit(body);
  }

  @Get('customers/:id/credits')
  credits(@Param('id') id: string) {
    return this.lifecycle.creditBalances(id);
  }
}
