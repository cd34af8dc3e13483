import { ConfigError } from './config-error';

/** The payments module's section (CONTRACTS §6). Secrets are lists so that a rotation can overlap. */
export interface PaymentsConfig {
  /** `whsec_…` secrets; an event signed with any of them is accepted. Empty: Stripe webhooks are refused. */
  stripeWebhookSecrets: string[];
  /** Secret API key for creating PaymentIntents and refunds; null: Hourglass only listens. */
  stripeApiKey: string | null;
  /** Where the Stripe SDK sends requests (the simulator in tests); null: Stripe's own API. */
  stripeApiBase: { protocol: 'http' | 'https'; host: string; port: number } | null;
  /** Hex HMAC keys of the Adyen webhook; an item signed with any of them is accepted. */
  adyenHmacKeys: string[];
  adyenApiKey: string | null;
  /** Adyen Checkout API base, version included, e.g. https://checkout-test.adyen.com/v71. */
  adyenApiBase: string;
  adyenMerchantAccount: string;
  /** Adyen Disputes API base, version included, e.g. https://ca-test.adyen.com/ca/services/DisputeService/v30. */
  adyenDisputesApiBase: string;
  /** How often stored-but-unprocessed webhooks are looked for (a crash between the two); 0: off. */
  inboxRetryMs: number;
}

type Env = Record<string, string | undefined>;

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function apiBase(name: string, raw: string | undefined): PaymentsConfig['stripeApiBase'] {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name}=${raw} is not a URL (e.g. http://127.0.0.1:12111)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${name}=${raw} must use http: or https:`);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { protocol, host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443 };
}

export function paymentsFrom(env: Env): PaymentsConfig {
  const adyenHmacKeys = list(env.HOURGLASS_ADYEN_HMAC_KEYS);
  for (const key of adyenHmacKeys) {
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(key)) throw new ConfigError('HOURGLASS_ADYEN_HMAC_KEYS: each key is hex, as the Customer Area shows it');
  }
  const retry = env.HOURGLASS_PSP_INBOX_RETRY_MS;
  const inboxRetryMs = retry === undefined || retry === '' ? 10_000 : Number(retry);
  if (!Number.isSafeInteger(inboxRetryMs) || inboxRetryMs < 0) throw new ConfigError(`HOURGLASS_PSP_INBOX_RETRY_MS=${retry} is not a whole number >= 0`);
  return {
    stripeWebhookSecrets: list(env.HOURGLASS_STRIPE_WEBHOOK_SECRETS),
    stripeApiKey: env.HOURGLASS_STRIPE_API_KEY || null,
    stripeApiBase: apiBase('HOURGLASS_STRIPE_API_BASE', env.HOURGLASS_STRIPE_API_BASE),
    adyenHmacKeys,
    adyenApiKey: env.HOURGLASS_ADYEN_API_KEY || null,
    adyenApiBase: (env.HOURGLASS_ADYEN_API_BASE || 'https://checkout-test.adyen.com/v71').replace(/\/+$/, ''),
    adyenMerchantAccount: env.HOURGLASS_ADYEN_MERCHANT_ACCOUNT ?? '',
    adyenDisputesApiBase: (env.HOURGLASS_ADYEN_DISPUTES_API_BASE || 'https://ca-test.adyen.com/ca/services/DisputeService/v30').replace(/\/+$/, ''),
    inboxRetryMs,
  };
}
