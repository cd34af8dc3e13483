export * from './domain';
export * from './ports';
export * from './payment-facts.service';
export * from './payments.service';
export * from './webhook-intake.service';
export * from './payments.module';
export { STRIPE_TOLERANCE_S } from './adapters/stripe-event.verifier';
export * from './payments.manifest';
