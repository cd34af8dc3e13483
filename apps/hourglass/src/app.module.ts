import { Module, type DynamicModule } from '@nestjs/common';
import { ACCESS_MANIFEST, AccessModule } from '@hourglass/access';
import type { HourglassConfig } from '@hourglass/config';
import { CONSOLE_MANIFEST, ConsoleModule } from '@hourglass/console';
import { INVOICING_MANIFEST, InvoicingModule } from '@hourglass/invoicing';
import { LEDGER_MANIFEST, LedgerModule } from '@hourglass/ledger';
import { METERING_MANIFEST, MeteringModule } from '@hourglass/metering';
import { PAYMENTS_MANIFEST, PaymentsModule } from '@hourglass/payments';
import { PAYOUTS_MANIFEST, PayoutsModule } from '@hourglass/payouts';
import { PLATFORM_MANIFEST, PlatformModule, type PlatformOptions } from '@hourglass/platform';
import { RATING_JOB_MANIFEST, RatingJobModule } from '@hourglass/rating-job';
import { REFERENCE_MANIFEST, ReferenceModule } from '@hourglass/reference';
import { USAGE_MANIFEST, UsageModule } from '@hourglass/usage';

export const HOURGLASS_MODULES = [PLATFORM_MANIFEST, REFERENCE_MANIFEST, METERING_MANIFEST, INVOICING_MANIFEST, PAYOUTS_MANIFEST, RATING_JOB_MANIFEST, USAGE_MANIFEST, ACCESS_MANIFEST, PAYMENTS_MANIFEST, LEDGER_MANIFEST, CONSOLE_MANIFEST];

/** Every module in one process: what `hourglass serve` runs, and what embedded chDB requires. */
@Module({})
export class HourglassModule {
  static forRoot(config: HourglassConfig, options: PlatformOptions = {}): DynamicModule {
    return {
      module: HourglassModule,
      imports: [
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
        ConsoleModule,
      ],
    };
  }
}
