import { Module, type DynamicModule } from '@nestjs/common';
import { ACCESS_MANIFEST, AccessModule } from '@hourglass/access';
import type { HourglassConfig } from '@hourglass/config';
import { PLATFORM_MANIFEST, PlatformModule } from '@hourglass/platform';
import { RATING_JOB_MANIFEST, RatingJobModule } from '@hourglass/rating-job';
import { REFERENCE_MANIFEST } from '@hourglass/reference';

/** RatingJobModule imports ReferenceModule for the price books. */
export const RATING_APP_MODULES = [PLATFORM_MANIFEST, REFERENCE_MANIFEST, RATING_JOB_MANIFEST, ACCESS_MANIFEST];

/** The rating job alone: replicas take turns under its lease, against a ClickHouse server. */
@Module({})
export class RatingAppModule {
  static forRoot(config: HourglassConfig): DynamicModule {
    return { module: RatingAppModule, imports: [PlatformModule.forRoot(config, 'rating'), AccessModule.forRoot(config), RatingJobModule] };
  }
}
