import { Module, type DynamicModule } from '@nestjs/common';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { InvoicingModule } from '@hourglass/invoicing';
import { LedgerModule } from '@hourglass/ledger';
import { MeteringModule } from '@hourglass/metering';
import { PlatformModule } from '@hourglass/platform';
import { RatingJobModule } from '@hourglass/rating-job';
import { ReferenceModule } from '@hourglass/reference';
import { SqlController } from './sql.controller';

/** Every module in one process: what `hourglass serve` runs, and what embedded chDB requires. */
@Module({})
export class HourglassModule {
  static forRoot(config: HourglassConfig, clock?: Clock): DynamicModule {
    return {
      module: HourglassModule,
      imports: [PlatformModule.forRoot(config, 'hourglass', clock), ReferenceModule, MeteringModule, InvoicingModule, RatingJobModule, LedgerModule],
      controllers: [SqlController],
    };
  }
}
