import { Module, type DynamicModule } from '@nestjs/common';
import { ACCESS_MANIFEST, AccessModule } from '@hourglass/access';
import type { HourglassConfig } from '@hourglass/config';
import { CONSOLE_MANIFEST, ConsoleModule } from '@hourglass/console';
import { INVOICING_MANIFEST, InvoicingModule } from '@hourglass/invoicing';
import { PAYOUTS_MANIFEST, PayoutsModule } from '@hourglass/payouts';
import { PLATFORM_MANIFEST, PlatformModule } from '@hourglass/platform';
import { REFERENCE_MANIFEST } from '@hourglass/reference';
import { USAGE_MANIFEST, UsageModule } from '@hourglass/usage';

/** InvoicingModule imports ReferenceModule for rentals and price books, and hands statements to PayoutsModule. */
export const BILLING_APP_MODULES = [PLATFORM_MANIFEST, REFERENCE_MANIFEST, INVOICING_MANIFEST, PAYOUTS_MANIFEST, USAGE_MANIFEST, ACCESS_MANIFEST, CONSOLE_MANIFEST];

/** Billing runs, invoices, credits and payout statements, the usage query and the console, against a ClickHouse server. */
@Module({})
export class BillingAppModule {
  static forRoot(config: HourglassConfig): DynamicModule {
    return {
      module: BillingAppModule,
      imports: [PlatformModule.forRoot(config, 'billing'), AccessModule.forRoot(config), InvoicingModule.forRoot({ operatorEarnings: PayoutsModule }), PayoutsModule, UsageModule, ConsoleModule],
    };
  }
}
