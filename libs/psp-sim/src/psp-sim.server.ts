import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '@hourglass/contracts';
import { AdyenSim } from './adyen-sim';
import { parseMultipart } from './multipart';
import { parseStripeForm, StripeSim, type SimResponse } from './stripe-sim';
import { WebhookSender, type DeliveryOptions } from './webhook-sender';

export interface PspSimOptions {
  port?: number;
  host?: string;
  clock: Clock;
  /** Hourglass's webhook URLs; settable later (`sim.sender.targets`), e.g. once Hourglass listens. */
  stripeWebhookUrl?: string | null;
  adyenWebhookUrl?: string | null;
  stripeWebhookSecret: string;
  adyenHmacKey: string;
  delivery?: Partial<DeliveryOptions>;
}

export interface PspSim {
  url: string;
  stripe: StripeSim;
  adyen: AdyenSim;
  sender: WebhookSender;
  close(): Promise<void>;
}

const BODY_BYTES_MAX = 1_048_576;

/** The variables that point Hourglass's Stripe and Adyen clients (Checkout and Disputes) at the simulator. */
export function pspSimApiBases(url: string): Record<string, string> {
  return {
    HOURGLASS_STRIPE_API_BASE: url,
    HOURGLASS_ADYEN_API_BASE: `${url}/v71`,
    HOURGLASS_ADYEN_DISPUTES_API_BASE: `${url}/ca/services/DisputeService/v30`,
  };
}

/** Bytes, not text: a file upload (Stripe's Files API) must reach the simulator unchanged. */
async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_BYTES_MAX) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * One HTTP server for both simulated processors: Stripe's API under `/v1/…`, Adyen's Checkout API
 * under `/v71/…` (distinguished by the version segment), and `/_sim/…` to steer it: delivery
 * knobs, held webhooks released, disputes opened.
 */
export async function startPspSim(options: PspSimOptions): Promise<PspSim> {
  const sender = new WebhookSender(
    { stripeUrl: options.stripeWebhookUrl ?? null, adyenUrl: options.adyenWebhookUrl ?? null, stripeSecret: options.stripeWebhookSecret },
    options.clock,
  );
  Object.assign(sender.options, options.delivery ?? {});
  const stripe = new StripeSim(sender, options.clock);
  const adyen = new AdyenSim(sender, options.clock, options.adyenHmacKey);

  const route = async (req: http.IncomingMessage, bytes: Buffer): Promise<SimResponse> => {
    const raw = bytes.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://sim');
    const method = req.method ?? 'GET';
    const key = req.headers['idempotency-key'] as string | undefined;
    if (url.pathname.startsWith('/_sim/')) {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      if (url.pathname === '/_sim/delivery') Object.assign(sender.options, body);
      else if (url.pathname === '/_sim/flush') sender.flush();
      else if (url.pathname === '/_sim/stripe/disputes') return { status: 200, body: stripe.openDispute(String(body.payment_intent), body.reason as string | undefined) };
      else if (url.pathname === '/_sim/adyen/disputes') return { status: 200, body: adyen.dispute(String(body.pspReference), String(body.eventCode ?? 'NOTIFICATION_OF_CHARGEBACK')) };
      else return { status: 404, body: { error: 'no such control' } };
      return { status: 200, body: { ok: true, delivery: sender.options } };
    }
    if (/^\/v1\//.test(url.pathname)) {
      if (!/^Bearer sk_/.test(req.headers.authorization ?? '')) return { status: 401, body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } } };
      // Files (files.stripe.com in production; the SDK sends it to the overridden host like the rest).
      const type = req.headers['content-type'] ?? '';
      if (method === 'POST' && url.pathname === '/v1/files') return stripe.handleUpload(type.startsWith('multipart/form-data') ? parseMultipart(bytes, type) : [], key);
      return stripe.handle(method, url.pathname, parseStripeForm(raw), key);
    }
    if (/^\/v\d+\//.test(url.pathname) || url.pathname.startsWith('/ca/services/DisputeService/')) {
      if (!req.headers['x-api-key']) return { status: 401, body: { status: 401, errorCode: '000', message: 'HTTP Status Response - Unauthorized', errorType: 'security' } };
      return adyen.handle(method, url.pathname, raw ? (JSON.parse(raw) as Record<string, unknown>) : {}, key);
    }
    return { status: 404, body: { error: 'not found' } };
  };

  let requests = 0;
  const server = http.createServer((req, res) => {
    readBody(req)
      .then((raw) => route(req, raw))
      .then(
        (r) => {
          res.writeHead(r.status, { 'content-type': 'application/json', 'request-id': `req_sim_${++requests}` });
          res.end(JSON.stringify(r.body));
        },
        (error: Error) => {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: error.message } }));
        },
      );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    stripe,
    adyen,
    sender,
    async close() {
      await sender.idle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
