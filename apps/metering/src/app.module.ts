import { Module, type DynamicModule } from '@nestjs/common';
import { ACCESS_MANIFEST, AccessModule } from '@hourglass/access';
import type { HourglassConfig } from '@hourglass/config';
import { METERING_MANIFEST, MeteringModule } from '@hourglass/metering';
import { PLATFORM_MANIFEST, PlatformModule } from '@hourglass/platform';
import { REFERENCE_MANIFEST } from '@hourglass/reference';

/** MeteringModule imports ReferenceModule for the rental cache: both are composed here. */
export const METERING_APP_MODULES = [PLATFORM_MANIFEST, REFERENCE_MANIFEST, METERING_MANIFEST, ACCESS_MANIFEST];

/** Metering alone: replicas share the USAGE durable consumer, against a ClickHouse server. */
@Module({})
export class MeteringAppModule {
  static forRoot(config: HourglassConfig): DynamicModule {
    return { module: MeteringAppModule, imports: [PlatformModule.forRoot(config, 'metering'), AccessModule.forRoot(config), MeteringModule] };
  }
}
