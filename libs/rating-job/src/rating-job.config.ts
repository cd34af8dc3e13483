export type { RatingJobConfig } from '@hourglass/config';
