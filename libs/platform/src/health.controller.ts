import { ApiOperation } from '@nestjs/swagger';
import { Controller, Get, Header, Inject, Res, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Response } from 'express';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import type { RedisClient } from '@hourglass/redis';
import type { Registry } from 'prom-client';
import { CLICKHOUSE, METRICS_REGISTRY, NATS, REDIS } from './tokens';

async function timed(check: () => Promise<unknown>): Promise<{ ok: boolean; ms: number; error?: string }> {
  const started = performance.now();
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2_000))]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

/**
 * `/healthz` and `/readyz` check NATS, Redis and ClickHouse: take traffic away from a replica that
 * cannot reach them. `/livez` checks only that the process answers: an orchestrator restarts on it,
 * and restarting every replica because one dependency is down would make the outage worse.
 */
@Controller()
export class HealthController implements BeforeApplicationShutdown {
  private draining = false;

  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  /** From SIGTERM on, readiness fails, so load balancers stop sending while the work in hand finishes. */
  beforeApplicationShutdown(): void {
    this.draining = true;
  }

  @Get('livez')
  @ApiOperation({ summary: 'Liveness: the process answers (open); no dependency is checked' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  @ApiOperation({ summary: 'Readiness: NATS, Redis and ClickHouse answer and the process is not shutting down (open)' })
  async ready(@Res({ passthrough: true }) response: Response): Promise<Record<string, unknown>> {
    if (this.draining) {
      response.status(503);
      return { reason: 'unavailable', message: 'shutting down', status: 'draining' };
    }
    return this.health(response);
  }

  /** 503 with the same checks when one fails; the body carries `reason` and `message` like every error. */
  @Get('healthz')
  @ApiOperation({ summary: 'Health of NATS, Redis and ClickHouse (open)' })
  async health(@Res({ passthrough: true }) response: Response): Promise<Record<string, unknown>> {
    const checks = {
      clickhouse: await timed(() => this.clickhouse.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json())),
      nats: await timed(() => this.nats.flush()),
      redis: await timed(() => this.redis.ping()),
    };
    const failing = Object.entries(checks).filter(([, c]) => !c.ok).map(([name]) => name);
    if (failing.length === 0) return { status: 'ok', checks };
    response.status(503);
    return { reason: 'unavailable', message: `not healthy: ${failing.join(', ')}`, status: 'degraded', checks };
  }

  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics (open)' })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
