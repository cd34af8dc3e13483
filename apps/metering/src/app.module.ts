import { Module, type DynamicModule } from '@nestjs/common';
import type { HourglassConfig } from '../../../libs/config/src';
import { MeteringModule } from '../../../libs/metering/src/metering.module';
import { PlatformModule } from '../../../libs/platform/src';

/** Metering alone: replicas share the USAGE durable consumer, against a ClickHouse server. */
@Module({})
export class MeteringAppModule {
  static forRoot(config: HourglassConfig): DynamicModule {
    return { module: MeteringAppModule, imports: [PlatformModule.forRoot(config, 'metering'), MeteringModule] };
  }
}
