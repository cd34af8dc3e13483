import { Module, type DynamicModule } from '@nestjs/common';
import type { HourglassConfig } from '../../../libs/config/src';
import { InvoicingModule } from '../../../libs/invoicing/src/invoicing.module';
import { MeteringModule } from '../../../libs/metering/src/metering.module';
import { PlatformModule } from '../../../libs/platform/src';
import { RatingJobModule } from '../../../libs/rating-job/src/rating-job.module';
import { ReferenceModule } from '../../../libs/reference/src/reference.module';
import { SqlController } from './sql.controller';

/** Every module in one process: what `hourglass serve` runs, and what embedded chDB requires. */
@Module({})
export class HourglassModule {
  static forRoot(config: HourglassConfig): DynamicModule {
    return {
      module: HourglassModule,
      imports: [PlatformModule.forRoot(config, 'hourglass'), ReferenceModule, MeteringModule, InvoicingModule, RatingJobModule],
      controllers: [SqlController],
    };
  }
}
