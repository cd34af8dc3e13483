import { Module, type DynamicModule } from '@nestjs/common';
import { ACCESS_MANIFEST, AccessModule } from '@hourglass/access';
import type { HourglassConfig } from '@hourglass/config';
import { PAYOUTS_MANIFEST, PayoutsModule } from '@hourglass/payouts';
import { PLATFORM_MANIFEST, PlatformModule } from '@hourglass/platform';
import { RISK_MANIFEST, RiskModule } from '@hourglass/risk';

export const PAYOUTS_APP_MODULES = [PLATFORM_MANIFEST, PAYOUTS_MANIFEST, RISK_MANIFEST, ACCESS_MANIFEST];

/** Operator payouts and the risk checks before them (KYC, sanctions screening, usage-fraud signals). */
@Module({})
export class PayoutsAppModule {
  static forRoot(config: HourglassConfig): DynamicModule {
    return { module: PayoutsAppModule, imports: [PlatformModule.forRoot(config, 'payouts'), AccessModule.forRoot(config), RiskModule, PayoutsModule] };
  }
}
