import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { ACCESS_MANIFEST, AccessModule } from '@hourglass/access';
import type { HourglassConfig } from '@hourglass/config';
import { FINANCE_MANIFEST, FinanceModule } from '@hourglass/finance';
import { DISPUTES_MANIFEST, DisputesModule } from '@hourglass/disputes';
import { DUNNING_MANIFEST, DunningModule } from '@hourglass/dunning';
import { CONSOLE_MANIFEST, ConsoleModule } from '@hourglass/console';
import { INVOICING_MANIFEST, InvoicingModule } from '@hourglass/invoicing';
import { LEDGER_MANIFEST, LedgerModule } from '@hourglass/ledger';
import { METERING_MANIFEST, MeteringModule } from '@hourglass/metering';
import { PAYMENTS_MANIFEST, PaymentsModule } from '@hourglass/payments';
import { PAYOUTS_MANIFEST, PayoutsModule } from '@hourglass/payouts';
import { PLATFORM_MANIFEST, PlatformModule, type PlatformOptions } from '@hourglass/platform';
import { RATING_JOB_MANIFEST, RatingJobModule } from '@hourglass/rating-job';
import { RECONCILIATION_MANIFEST, ReconciliationModule } from '@hourglass/reconciliation';
import { REFERENCE_MANIFEST, ReferenceModule } from '@hourglass/reference';
import { RISK_MANIFEST, RiskModule } from '@hourglass/risk';
import { USAGE_MANIFEST, UsageModule } from '@hourglass/usage';
import { WEBHOOKS_MANIFEST, WebhooksModule } from '@hourglass/webhooks';

export const HOURGLASS_MODULES = [PLATFORM_MANIFEST, REFERENCE_MANIFEST, METERING_MANIFEST, INVOICING_MANIFEST, PAYOUTS_MANIFEST, RATING_JOB_MANIFEST, USAGE_MANIFEST, ACCESS_MANIFEST, PAYMENTS_MANIFEST, LEDGER_MANIFEST, WEBHOOKS_MANIFEST, FINANCE_MANIFEST, RISK_MANIFEST, DISPUTES_MANIFEST, DUNNING_MANIFEST, RECONCILIATION_MANIFEST, CONSOLE_MANIFEST];

/** Every module in one process: what `hourglass serve` runs, and what embedded chDB requires. */
@Module({})
export class HourglassModule {
  /** `extra`: modules a test adds (a fake SanctionsGate, as a global module). */
  static forRoot(config: HourglassConfig, options: PlatformOptions = {}, extra: NonNullable<ModuleMetadata['imports']> = []): DynamicModule {
    return {
      module: HourglassModule,
      imports: [
        // First: a global module a test adds (a fake SanctionsGate) is found before the real one.
        ...extra,
        PlatformModule.forRoot(config, 'hourglass', options),
        AccessModule.forRoot(config),
        ReferenceModule,
        MeteringModule,
        InvoicingModule.forRoot({ operatorEarnings: PayoutsModule }),
        PayoutsModule,
        RatingJobModule,
        UsageModule,
        PaymentsModule,
        LedgerModule,
        WebhooksModule,
        FinanceModule,
        RiskModule,
        DisputesModule,
        DunningModule,
        ReconciliationModule,
        ConsoleModule,
      ],
    };
  }
}
