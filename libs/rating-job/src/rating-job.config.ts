export type { RatingJobConfig } from '../../config/src';
