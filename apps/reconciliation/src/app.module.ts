import { Module, type DynamicModule } from '@nestjs/common';
import { ACCESS_MANIFEST, AccessModule } from '@hourglass/access';
import type { HourglassConfig } from '@hourglass/config';
import { FINANCE_MANIFEST, FinanceModule } from '@hourglass/finance';
import { PLATFORM_MANIFEST, PlatformModule } from '@hourglass/platform';
import { RECONCILIATION_MANIFEST, ReconciliationModule } from '@hourglass/reconciliation';

export const RECONCILIATION_APP_MODULES = [PLATFORM_MANIFEST, RECONCILIATION_MANIFEST, FINANCE_MANIFEST, ACCESS_MANIFEST];

/** Settlement imports, matching and breaks, and the finance gauges and close pack. */
@Module({})
export class ReconciliationAppModule {
  static forRoot(config: HourglassConfig): DynamicModule {
    return { module: ReconciliationAppModule, imports: [PlatformModule.forRoot(config, 'reconciliation'), AccessModule.forRoot(config), ReconciliationModule, FinanceModule] };
  }
}
