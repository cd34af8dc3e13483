import { Module, type DynamicModule } from '@nestjs/common';
import type { HourglassConfig } from '@hourglass/config';
import { InvoicingModule } from '@hourglass/invoicing';
import { PayoutsModule } from '@hourglass/payouts';
import { PlatformModule } from '@hourglass/platform';

/** Billing runs, invoices, credits and payout statements, against a ClickHouse server. */
@Module({})
export class BillingAppModule {
  static forRoot(config: HourglassConfig): DynamicModule {
    return { module: BillingAppModule, imports: [PlatformModule.forRoot(config, 'billing'), InvoicingModule.forRoot({ operatorEarnings: PayoutsModule }), PayoutsModule] };
  }
}
