import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule } from '@hourglass/access';
import type { HourglassConfig } from '@hourglass/config';
import { InvoicingModule } from '@hourglass/invoicing';
import { PlatformModule } from '@hourglass/platform';

/** Billing runs, invoices, credits and payout statements, against a ClickHouse server. */
@Module({})
export class BillingAppModule {
  static forRoot(config: HourglassConfig): DynamicModule {
    return { module: BillingAppModule, imports: [PlatformModule.forRoot(config, 'billing'), AccessModule.forRoot(config), InvoicingModule] };
  }
}
