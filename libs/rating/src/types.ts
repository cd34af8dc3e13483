/*
 * Rating speaks the reference types of CONTRACTS §2 as libs/contracts defines them.
 * Type-only, so rating keeps no runtime dependency on the contracts' JSON schemas.
 */
export type { Commitment, PriceBookVersion, PricingClass, Rate, Rental, Tier } from '@hourglass/contracts';
