import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { Access } from '@hourglass/access';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CollectPaymentDto,
  CreatedPaymentDto,
  CustomerCreditBalanceDto,
  DisputeEventDto,
  InvoicePaymentsDto,
  RecordedPaymentDto,
  RecordPaymentDto,
  RefundCreatedDto,
  RefundPaymentDto,
} from './adapters/http/payments.dto';
import { PaymentsError } from './domain';
import { PaymentsService } from './payments.service';

@ApiTags('payments')
@Controller('v1')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get('payments')
  @Access('finance', 'billing')
  @ApiOperation({ summary: "an invoice's payments, refunds and the amounts derived from them" })
  @ApiQuery({ name: 'invoiceId', required: true })
  @ApiOkResponse({ type: InvoicePaymentsDto })
  list(@Query('invoiceId') invoiceId?: string) {
    if (!invoiceId) throw new PaymentsError('invalid_payload', 'invoiceId is required');
    return this.payments.ofInvoice(invoiceId);
  }

  @Post('payments/records')
  @Access('billing')
  @ApiOperation({ summary: 'record a payment that arrived another way (bank transfer); idempotent by reference' })
  @ApiCreatedResponse({ type: RecordedPaymentDto, description: '201 when new, 200 when the reference was recorded before' })
  async record(@Body() body: RecordPaymentDto, @Res({ passthrough: true }) res: Response) {
    const result = await this.payments.record(body ?? {});
    res.status(result.created ? 201 : 200);
    return result;
  }

  @Post('payments/collect')
  @Access('billing')
  @HttpCode(201)
  @ApiOperation({ summary: "create a payment at the customer's processor for what is due (or amount)" })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: CreatedPaymentDto })
  collect(@Body() body: CollectPaymentDto, @Headers('idempotency-key') key?: string) {
    return this.payments.collect(body ?? {}, key);
  }

  @Post('payments/refunds')
  @Access('billing')
  @HttpCode(201)
  @ApiOperation({ summary: 'refund through the processor that took the payment; the webhook records it' })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiCreatedResponse({ type: RefundCreatedDto })
  refund(@Body() body: RefundPaymentDto, @Headers('idempotency-key') key?: string) {
    return this.payments.refund(body ?? {}, key);
  }

  @Get('payments/dispute-events')
  @Access('finance', 'billing')
  @ApiOperation({ summary: 'dispute and chargeback events as received, with the status they map to' })
  @ApiQuery({ name: 'invoiceId', required: false })
  @ApiOkResponse({ type: [DisputeEventDto] })
  disputeEvents(@Query('invoiceId') invoiceId?: string) {
    return this.payments.disputeEvents(invoiceId);
  }

  @Get('customers/:id/credit-balance')
  @Access('finance', 'billing')
  @ApiOperation({ summary: "the customer's credit balance from overpayments, per currency" })
  @ApiOkResponse({ type: CustomerCreditBalanceDto })
  creditBalance(@Param('id') id: string) {
    return this.payments.creditBalance(id);
  }
}
