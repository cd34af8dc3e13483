import { ApiOperation } from '@nestjs/swagger';
import { Controller, Get, Header, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import type Redis from 'ioredis';
import type { Registry } from 'prom-client';
import { CLICKHOUSE, METRICS_REGISTRY, NATS, REDIS } from './tokens';

async function timed(check: () => Promise<unknown>): Promise<{ ok: boolean; ms: number; error?: string }> {
  const started = Date.now();
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2_000))]);
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, ms: Date.now() - started, error: (error as Error).message };
  }
}

@Controller()
export class HealthController {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  @Get('healthz')
  @ApiOperation({ summary: 'Health of NATS, Redis and ClickHouse (open)' })
  async health(): Promise<Record<string, unknown>> {
    const checks = {
      clickhouse: await timed(() => this.clickhouse.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json())),
      nats: await timed(() => this.nats.flush()),
      redis: await timed(() => this.redis.ping()),
    };
    const ok = Object.values(checks).every((c) => c.ok);
    const body = { status: ok ? 'ok' : 'degraded', checks };
    if (!ok) throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }

  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics (open)' })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
