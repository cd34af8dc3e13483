import { Module, type DynamicModule } from '@nestjs/common';
import type { HourglassConfig } from '../../../libs/config/src';
import { InvoicingModule } from '../../../libs/invoicing/src/invoicing.module';
import { PlatformModule } from '../../../libs/platform/src';

/** Billing runs, invoices, credits and payout statements, against a ClickHouse server. */
@Module({})
export class BillingAppModule {
  static forRoot(config: HourglassConfig): DynamicModule {
    return { module: BillingAppModule, imports: [PlatformModule.forRoot(config, 'billing'), InvoicingModule] };
  }
}
