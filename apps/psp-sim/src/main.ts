import { startPspSim } from '@hourglass/psp-sim';

/**
 * The PSP simulator as a process, for local runs against `hourglass serve`:
 *   npm run build && PSP_SIM_PORT=12111 PSP_SIM_HOURGLASS=http://127.0.0.1:8080 node dist/apps/psp-sim/src/main.js
 * and Hourglass with HOURGLASS_STRIPE_API_BASE=http://127.0.0.1:12111, HOURGLASS_STRIPE_API_KEY=sk_test_sim,
 * HOURGLASS_ADYEN_API_BASE=http://127.0.0.1:12111/v71, HOURGLASS_ADYEN_API_KEY=sim,
 * HOURGLASS_ADYEN_MERCHANT_ACCOUNT=HourglassTest and the same secrets as below.
 */
async function main(): Promise<void> {
  const env = process.env;
  const hourglass = (env.PSP_SIM_HOURGLASS ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const sim = await startPspSim({
    port: Number(env.PSP_SIM_PORT ?? 12111),
    host: env.PSP_SIM_HOST ?? '127.0.0.1',
    clock: { nowMs: () => Date.now() },
    stripeWebhookUrl: `${hourglass}/v1/psp/stripe/webhooks`,
    adyenWebhookUrl: `${hourglass}/v1/psp/adyen/webhooks`,
    stripeWebhookSecret: env.PSP_SIM_STRIPE_WEBHOOK_SECRET ?? 'whsec_sim',
    adyenHmacKey: env.PSP_SIM_ADYEN_HMAC_KEY ?? '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056',
  });
  process.stdout.write(`psp-sim on ${sim.url}, webhooks to ${hourglass}\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`psp-sim: ${error.message}\n`);
  process.exit(1);
});
