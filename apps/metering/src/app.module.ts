import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule } from '@hourglass/access';
import type { HourglassConfig } from '@hourglass/config';
import { MeteringModule } from '@hourglass/metering';
import { PlatformModule } from '@hourglass/platform';

/** Metering alone: replicas share the USAGE durable consumer, against a ClickHouse server. */
@Module({})
export class MeteringAppModule {
  static forRoot(config: HourglassConfig): DynamicModule {
    return { module: MeteringAppModule, imports: [PlatformModule.forRoot(config, 'metering'), AccessModule.forRoot(config), MeteringModule] };
  }
}
