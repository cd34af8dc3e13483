import { Controller, Header, HttpCode, HttpException, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { PaymentsErrorDto, WebhookReceivedDto } from './adapters/http/payments.dto';
import { http } from './adapters/http/http-errors';
import { PaymentsMetrics } from './adapters/payments.metrics';
import { PaymentsError } from './domain';
import { WebhookIntakeService, type IntakeResult } from './webhook-intake.service';

function rawBodyOf(req: Request): Buffer {
  if (!Buffer.isBuffer(req.body)) {
    // The raw-body middleware was not mounted: verifying re-serialised JSON would be wrong, refuse.
    throw new HttpException({ reason: 'invalid_payload', message: 'webhook body was not kept raw (mount pspWebhookRawBody on /v1/psp)' }, 500);
  }
  return req.body;
}

/**
 * PSP webhooks (CONTRACTS §6). Open without a bearer token: they authenticate by signature, and
 * answer 2xx only once the event is stored (WebhookIntakeService says in what order and why).
 */
@ApiTags('payments')
@Controller('v1/psp')
export class PspWebhooksController {
  constructor(
    private readonly intake: WebhookIntakeService,
    private readonly metrics: PaymentsMetrics,
  ) {}

  private async counted(provider: 'stripe' | 'adyen', work: () => Promise<IntakeResult>): Promise<IntakeResult> {
    try {
      const r = await work();
      if (r.stored) this.metrics.webhooks.inc({ provider, outcome: 'stored' }, r.stored);
      if (r.duplicates) this.metrics.webhooks.inc({ provider, outcome: 'duplicate' }, r.duplicates);
      if (r.deferred) this.metrics.webhooks.inc({ provider, outcome: 'deferred' }, r.deferred);
      return r;
    } catch (error) {
      if (error instanceof PaymentsError && error.reason === 'invalid_signature') this.metrics.webhooks.inc({ provider, outcome: 'invalid_signature' });
      throw error;
    }
  }

  @Post('stripe/webhooks')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stripe events, verified by Stripe-Signature (300 s tolerance, any configured secret)' })
  @ApiConsumes('application/json')
  @ApiOkResponse({ type: WebhookReceivedDto })
  @ApiBadRequestResponse({ type: PaymentsErrorDto, description: 'invalid_signature: nothing was stored' })
  stripe(@Req() req: Request) {
    return http(() => this.counted('stripe', () => this.intake.receiveStripe(rawBodyOf(req), req.headers)));
  }

  @Post('adyen/webhooks')
  @HttpCode(200)
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'Adyen standard notifications, verified by additionalData.hmacSignature; answers [accepted]' })
  @ApiConsumes('application/json')
  @ApiOkResponse({ schema: { type: 'string', example: '[accepted]' } })
  @ApiBadRequestResponse({ type: PaymentsErrorDto, description: 'invalid_signature: nothing was stored' })
  async adyen(@Req() req: Request): Promise<string> {
    await http(() => this.counted('adyen', () => this.intake.receiveAdyen(rawBodyOf(req), req.headers)));
    return '[accepted]';
  }
}
