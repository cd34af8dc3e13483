import { Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { Public } from '@hourglass/access';
import { ApiBadRequestResponse, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { PaymentsErrorDto, WebhookReceivedDto } from './adapters/http/payments.dto';
import { PaymentsMetrics } from './adapters/payments.metrics';
import { PaymentsError } from './domain';
import { WebhookIntakeService, type IntakeResult } from './webhook-intake.service';

/**
 * The body exactly as received: the shared bootstrap's JSON parser keeps the bytes beside the parsed
 * value (`req.rawBody`), and a signature covers bytes, not JSON re-serialised.
 */
function rawBodyOf(req: Request): Buffer {
  const raw = (req as Request & { rawBody?: Buffer }).rawBody;
  if (!Buffer.isBuffer(raw)) throw new PaymentsError('invalid_payload', 'a webhook body must be sent as application/json');
  return raw;
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
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Stripe events, verified by Stripe-Signature (300 s tolerance, any configured secret)' })
  @ApiConsumes('application/json')
  @ApiOkResponse({ type: WebhookReceivedDto })
  @ApiBadRequestResponse({ type: PaymentsErrorDto, description: 'invalid_signature: nothing was stored' })
  stripe(@Req() req: Request) {
    return this.counted('stripe', () => this.intake.receiveStripe(rawBodyOf(req), req.headers));
  }

  @Post('adyen/webhooks')
  @Public()
  @HttpCode(200)
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'Adyen standard notifications, verified by additionalData.hmacSignature; answers [accepted]' })
  @ApiConsumes('application/json')
  @ApiOkResponse({ schema: { type: 'string', example: '[accepted]' } })
  @ApiBadRequestResponse({ type: PaymentsErrorDto, description: 'invalid_signature: nothing was stored' })
  async adyen(@Req() req: Request): Promise<string> {
    await this.counted('adyen', () => this.intake.receiveAdyen(rawBodyOf(req), req.headers));
    return '[accepted]';
  }
}
