import type { Readable } from 'node:stream';
import { DomainError } from '@hourglass/contracts';
import { Period } from '@hourglass/time';
import { CLOSE_PACK_FORMATS, type ClosePackFormat, type ClosePackSummary } from './domain/close-pack';
import type { Clock, ClosePackSource, PeriodWindow } from './ports';

/** The server side of `hourglass close`: what the pack holds, and each file, as of one instant. */
export class ClosePackService {
  constructor(
    private readonly source: ClosePackSource,
    private readonly clock: Clock,
  ) {}

  async summary(period: string, asOf?: string): Promise<ClosePackSummary> {
    const window = this.window(period, asOf);
    return {
      period: window.period,
      periodStart: new Date(window.startMs).toISOString(),
      periodEnd: new Date(window.endMs).toISOString(),
      asOf: new Date(window.asOfMs).toISOString(),
      datasets: await this.source.summarize(window),
    };
  }

  async file(period: string, dataset: string, format: string, asOf?: string): Promise<Readable> {
    const window = this.window(period, asOf);
    if (!this.source.datasets().some((d) => d.name === dataset)) {
      throw new DomainError('not_found', `no dataset ${JSON.stringify(dataset)} in the close pack; there are ${this.source.datasets().map((d) => d.name).join(', ')}`);
    }
    if (!(CLOSE_PACK_FORMATS as readonly string[]).includes(format)) throw new DomainError('invalid_query', `format must be csv or parquet, got ${JSON.stringify(format)}`);
    return this.source.export(window, dataset, format as ClosePackFormat);
  }

  /** asOf defaults to now; a later asOf than now would promise facts not recorded yet. */
  private window(text: string, asOf?: string): PeriodWindow {
    const period = Period.parse(text);
    const nowMs = this.clock.nowMs();
    let asOfMs = nowMs;
    if (asOf !== undefined && asOf !== '') {
      asOfMs = Date.parse(asOf);
      if (!Number.isFinite(asOfMs) || !/^\d{4}-\d\d-\d\dT/.test(asOf)) throw new DomainError('invalid_query', `asOf must be an ISO instant, got ${JSON.stringify(asOf)}`);
      if (asOfMs > nowMs) throw new DomainError('invalid_query', `asOf ${asOf} is in the future`);
    }
    return { period: period.toString(), startMs: period.startMs, endMs: period.endMs, asOfMs };
  }
}
