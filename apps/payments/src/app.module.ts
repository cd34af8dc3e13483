import { Module, type DynamicModule } from '@nestjs/common';
import { ACCESS_MANIFEST, AccessModule } from '@hourglass/access';
import type { HourglassConfig } from '@hourglass/config';
import { DISPUTES_MANIFEST, DisputesModule } from '@hourglass/disputes';
import { DUNNING_MANIFEST, DunningModule } from '@hourglass/dunning';
import { LEDGER_MANIFEST, LedgerModule } from '@hourglass/ledger';
import { PAYMENTS_MANIFEST, PaymentsModule } from '@hourglass/payments';
import { PLATFORM_MANIFEST, PlatformModule } from '@hourglass/platform';
import { REFERENCE_MANIFEST } from '@hourglass/reference';
import { WEBHOOKS_MANIFEST, WebhooksModule } from '@hourglass/webhooks';

/** PaymentsModule imports ReferenceModule for customers; dunning and disputes import PaymentsModule. */
export const PAYMENTS_APP_MODULES = [PLATFORM_MANIFEST, REFERENCE_MANIFEST, PAYMENTS_MANIFEST, LEDGER_MANIFEST, WEBHOOKS_MANIFEST, DUNNING_MANIFEST, DISPUTES_MANIFEST, ACCESS_MANIFEST];

/** Collecting invoices: payments and PSP webhooks, the ledger, dunning, disputes and outgoing webhooks. */
@Module({})
export class PaymentsAppModule {
  static forRoot(config: HourglassConfig): DynamicModule {
    return {
      module: PaymentsAppModule,
      imports: [PlatformModule.forRoot(config, 'payments'), AccessModule.forRoot(config), PaymentsModule, LedgerModule, WebhooksModule, DunningModule, DisputesModule],
    };
  }
}
