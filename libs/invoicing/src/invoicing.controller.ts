import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { DomainError } from '@hourglass/contracts';
import { BillingRunService } from './billing-run.service';
import { Access, ErrorBodyDto } from '@hourglass/access';
import { ApiBadRequestResponse, ApiBody, ApiHeader, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import {
  BillingRunRequestDto,
  BillingRunResultDto,
  CreditBalanceDto,
  CreditGrantRequestDto,
  CreditGrantResultDto,
  CreditNoteRequestDto,
  CreditNoteResultDto,
  InvoiceDto,
  InvoiceTransitionRequestDto,
  InvoiceTransitionResultDto,
} from './adapters/dto/invoicing.dto';
import { InvoicingError, type CreditGrantRequest } from './domain';
import { ChangeInvoiceStatus, CreditBalances, GrantCredit, IssueCreditNote } from './lifecycle';
import { InvoiceQueryService } from './adapters/clickhouse-invoice-query.service';
import { Inject, StreamableFile } from '@nestjs/common';
import type { HourglassConfig } from '@hourglass/config';
import { CONFIG } from '@hourglass/platform';
import { documentFileName, documentOptionsFrom, issuerFrom } from './documents/document-settings';
import { renderCreditNoteHtml, renderInvoiceHtml } from './documents/render-invoice-html';
import { renderCreditNotePdf, renderInvoicePdf } from './documents/render-invoice-pdf';

/** Amounts arrive as decimal strings; anything else is the caller's mistake (400), never a 500 from big.js. */
function requireDecimal(value: unknown, field: string, reason: 'invalid_amount' | 'invalid_grant'): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value)) {
    throw new DomainError(reason, `${field} must be a positive decimal string such as "100.00", not ${JSON.stringify(value)}`);
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

@ApiTags('invoicing')
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
  @ApiOperation({ summary: 'Close a period: invoices and payout statements (idempotent)' })
  @ApiBody({ type: BillingRunRequestDto })
  @ApiOkResponse({ type: BillingRunResultDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiUnprocessableEntityResponse({ type: ErrorBodyDto, description: '`period_not_ended`' })
  @ApiConflictResponse({ type: ErrorBodyDto, description: '`billing_run_in_progress`' })
  @Access('billing')
  @HttpCode(200)
  bill(@Body() body: { period?: string }) {
    return this.billing.run(String(body?.period ?? ''));
  }

  @Get('invoices')
  @ApiOperation({ summary: 'Invoices of a period or customer' })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM' })
  @ApiQuery({ name: 'customerId', required: false })
  @ApiOkResponse({ type: InvoiceDto, isArray: true })
  @Access('finance', 'billing')
  invoices(@Query('period') period?: string, @Query('customerId') customerId?: string) {
    return this.queries.invoices({ period, customerId });
  }

  @Get('invoices/:id')
  @ApiOperation({ summary: 'One invoice' })
  @ApiOkResponse({ type: InvoiceDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @Access('finance', 'billing')
  async invoice(@Param('id') id: string) {
    const [invoice] = await this.queries.invoices({ invoiceId: id });
    if (!invoice) throw new InvoicingError('invoice_not_found', `no invoice ${id}`);
    return invoice;
  }

  // A property, not a constructor parameter, so the document routes leave the constructor the other routes share untouched.
  @Inject(CONFIG) private readonly documentConfig!: HourglassConfig;

  @Get('invoices/:id/html')
  @ApiOperation({ summary: 'One invoice as HTML' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the invoice as an HTML document', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @Access('finance', 'billing')
  async invoiceHtml(@Param('id') id: string): Promise<StreamableFile> {
    const [invoice] = await this.queries.invoices({ invoiceId: id });
    if (!invoice) throw new InvoicingError('invoice_not_found', `no invoice ${id}`);
    const customer = await this.queries.customerForDocuments(invoice.customerId);
    const html = renderInvoiceHtml(invoice, issuerFrom(this.documentConfig.billing), documentOptionsFrom(this.documentConfig.billing, invoice.currency, customer));
    return new StreamableFile(Buffer.from(html, 'utf8'), {
      type: 'text/html; charset=utf-8',
      disposition: `inline; filename="${documentFileName(invoice.number, 'html')}"`,
    });
  }

  @Get('invoices/:id/pdf')
  @ApiOperation({ summary: 'One invoice as PDF' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the invoice as a PDF document', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @Access('finance', 'billing')
  async invoicePdf(@Param('id') id: string): Promise<StreamableFile> {
    const [invoice] = await this.queries.invoices({ invoiceId: id });
    if (!invoice) throw new InvoicingError('invoice_not_found', `no invoice ${id}`);
    const customer = await this.queries.customerForDocuments(invoice.customerId);
    const pdf = await renderInvoicePdf(invoice, issuerFrom(this.documentConfig.billing), documentOptionsFrom(this.documentConfig.billing, invoice.currency, customer));
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `inline; filename="${documentFileName(invoice.number, 'pdf')}"`,
    });
  }

  @Get('credit-notes/:id/html')
  @ApiOperation({ summary: 'One credit note (by id or number) as HTML' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the credit note as an HTML document', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @Access('finance', 'billing')
  async creditNoteHtml(@Param('id') id: string): Promise<StreamableFile> {
    const { note, invoice, issuer, options } = await this.creditNoteParts(id);
    return new StreamableFile(Buffer.from(renderCreditNoteHtml(note, invoice, issuer, options), 'utf8'), {
      type: 'text/html; charset=utf-8',
      disposition: `inline; filename="${documentFileName(note.number, 'html')}"`,
    });
  }

  @Get('credit-notes/:id/pdf')
  @ApiOperation({ summary: 'One credit note (by id or number) as PDF' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the credit note as a PDF document', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @Access('finance', 'billing')
  async creditNotePdf(@Param('id') id: string): Promise<StreamableFile> {
    const { note, invoice, issuer, options } = await this.creditNoteParts(id);
    return new StreamableFile(await renderCreditNotePdf(note, invoice, issuer, options), {
      type: 'application/pdf',
      disposition: `inline; filename="${documentFileName(note.number, 'pdf')}"`,
    });
  }

  private async creditNoteParts(id: string) {
    const note = await this.queries.creditNote(id);
    if (!note) throw new InvoicingError('credit_note_not_found', `no credit note ${id}`);
    const [invoice] = await this.queries.invoices({ invoiceId: note.invoiceId });
    if (!invoice) throw new InvoicingError('invoice_not_found', `no invoice ${note.invoiceId} for credit note ${id}`);
    const customer = await this.queries.customerForDocuments(note.customerId);
    return { note, invoice, issuer: issuerFrom(this.documentConfig.billing), options: documentOptionsFrom(this.documentConfig.billing, note.currency, customer) };
  }

  @Post('invoices/:id/pay')
  @IDEMPOTENCY_KEY
  @ApiOperation({ summary: 'Mark an invoice paid' })
  @ApiBody({ type: InvoiceTransitionRequestDto, required: false })
  @ApiOkResponse({ type: InvoiceTransitionResultDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto })
  @Access('billing')
  @HttpCode(200)
  pay(@Param('id') id: string, @Body() body: { reason?: string }, @Headers('idempotency-key') key?: string) {
    return this.changeStatus.execute({ invoiceId: id, to: 'paid', reason: body?.reason, idempotencyKey: keyOf(key) });
  }

  @Post('invoices/:id/void')
  @IDEMPOTENCY_KEY
  @ApiOperation({ summary: 'Void an invoice (credits what is left)' })
  @ApiBody({ type: InvoiceTransitionRequestDto, required: false })
  @ApiOkResponse({ type: InvoiceTransitionResultDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto })
  @Access('billing')
  @HttpCode(200)
  void(@Param('id') id: string, @Body() body: { reason?: string }, @Headers('idempotency-key') key?: string) {
    return this.changeStatus.execute({ invoiceId: id, to: 'void', reason: body?.reason, idempotencyKey: keyOf(key) });
  }

  @Post('invoices/:id/mark-uncollectible')
  @IDEMPOTENCY_KEY
  @ApiOperation({ summary: 'Mark an invoice uncollectible' })
  @ApiBody({ type: InvoiceTransitionRequestDto, required: false })
  @ApiOkResponse({ type: InvoiceTransitionResultDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto })
  @Access('billing')
  @HttpCode(200)
  uncollectible(@Param('id') id: string, @Body() body: { reason?: string }, @Headers('idempotency-key') key?: string) {
    return this.changeStatus.execute({ invoiceId: id, to: 'uncollectible', reason: body?.reason, idempotencyKey: keyOf(key) });
  }

  @Post('invoices/:id/credit-notes')
  @IDEMPOTENCY_KEY
  @ApiOperation({ summary: 'Issue a credit note against an invoice' })
  @ApiBody({ type: CreditNoteRequestDto, required: false })
  @ApiCreatedResponse({ type: CreditNoteResultDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto })
  @Access('billing')
  @HttpCode(201)
  creditNote(@Param('id') id: string, @Body() body: { amount?: string; reason?: string; void?: boolean }, @Headers('idempotency-key') key?: string) {
    requireDecimal(body?.amount, 'amount', 'invalid_amount');
    return this.issueCreditNote.execute({ invoiceId: id, amount: body?.amount, reason: body?.reason, void: body?.void, idempotencyKey: keyOf(key) });
  }

  @Post('credit-grants')
  @IDEMPOTENCY_KEY
  @ApiOperation({ summary: 'Grant prepaid credit to a customer' })
  @ApiBody({ type: CreditGrantRequestDto })
  @ApiCreatedResponse({ type: CreditGrantResultDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @Access('billing')
  @HttpCode(201)
  grant(@Body() body: CreditGrantRequest, @Headers('idempotency-key') key?: string) {
    requireDecimal(body?.amount ?? null, 'amount', 'invalid_grant');
    return this.grantCredit.execute({ ...(body ?? ({} as CreditGrantRequest)), idempotencyKey: keyOf(key) });
  }

  @Get('customers/:id/credits')
  @ApiOperation({ summary: "A customer's credit grants and what remains of them" })
  @ApiOkResponse({ type: CreditBalanceDto, isArray: true })
  @Access('finance', 'billing')
  credits(@Param('id') id: string) {
    return this.creditBalances.execute(id);
  }
}
