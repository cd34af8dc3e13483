import type { Span } from '@hourglass/time';
import type { PricingClass, PriceBookVersion, Rate } from './types';

/**
 * Versions in the order they take effect. Two versions with the same effectiveFrom are a
 * correction: the higher version number replaces the lower one entirely (versions never
 * change once published, CONTRACTS §2), so the lower one governs nothing.
 */
function effectiveOrder(versions: readonly PriceBookVersion[]): PriceBookVersion[] {
  const books = new Set(versions.map((v) => v.priceBookId));
  if (books.size > 1) throw new Error(`versions of several price books mixed: ${[...books].join(', ')}`);
  const sorted = [...versions].sort((a, b) => a.effectiveFromMs - b.effectiveFromMs || a.version - b.version);
  return sorted.filter((v, i) => i === sorted.length - 1 || sorted[i + 1].effectiveFromMs !== v.effectiveFromMs);
}

/** CONTRACTS §2: the version with the greatest effectiveFrom not after `atMs`. */
export function resolveVersion(versions: readonly PriceBookVersion[], atMs: number): PriceBookVersion | undefined {
  let found: PriceBookVersion | undefined;
  for (const v of effectiveOrder(versions)) {
    if (v.effectiveFromMs > atMs) break;
    found = v;
  }
  return found;
}

export interface VersionSpan extends Span {
  version: PriceBookVersion;
}

/**
 * The pieces of `window` each version governs, in time order, contiguous, together
 * covering the window from the first version's effectiveFrom on. Time before the first
 * version is governed by none and is omitted here; `uncoveredSpans` reports it.
 */
export function versionSpans(versions: readonly PriceBookVersion[], window: Span): VersionSpan[] {
  const ordered = effectiveOrder(versions);
  const spans: VersionSpan[] = [];
  ordered.forEach((version, i) => {
    const startMs = Math.max(window.startMs, version.effectiveFromMs);
    const endMs = Math.min(window.endMs, i + 1 < ordered.length ? ordered[i + 1].effectiveFromMs : Infinity);
    if (startMs < endMs) spans.push({ version, startMs, endMs });
  });
  return spans;
}

/** The part of `window` before the first version (at most one span). */
export function uncoveredSpans(versions: readonly PriceBookVersion[], window: Span): Span[] {
  const first = effectiveOrder(versions)[0];
  const endMs = first === undefined ? window.endMs : Math.min(window.endMs, first.effectiveFromMs);
  return window.startMs < endMs ? [{ startMs: window.startMs, endMs }] : [];
}

/** The rate for a model and class; the price book schema (uniqueBy gpuModel, pricingClass) allows at most one. */
export function findRate(version: PriceBookVersion, gpuModel: string, pricingClass: PricingClass): Rate | undefined {
  return version.rates.find((r) => r.gpuModel === gpuModel && r.pricingClass === pricingClass);
}
