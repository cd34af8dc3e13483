import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { ClickHouseClient } from '@clickhouse/client';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock, IdGenerator } from '@hourglass/contracts';
import { CLICKHOUSE, CLOCK, ID_GENERATOR } from '@hourglass/platform';
import { accessCredentials, type AccessCredentials } from './adapters/access-credentials';
import { ClickHouseAuditLogRepository } from './adapters/clickhouse-audit-log.repository';
import { ClickHouseSqlSandbox } from './adapters/clickhouse-sql-sandbox';
import { AuditRecorder } from './audit/audit-recorder';
import { AuditInterceptor } from './adapters/http/audit.interceptor';
import { AuditLogController } from './adapters/http/audit-log.controller';
import { BearerAuthGuard } from './adapters/http/bearer-auth.guard';
import { SqlController } from './adapters/http/sql.controller';
import { MeController } from './adapters/http/me.controller';
import { TokenThrottlerGuard } from './adapters/http/token-throttler.guard';
import { TokenRegistry } from './tokens/token-registry';

export const ACCESS_CREDENTIALS = Symbol('AccessCredentials');

/**
 * Tokens, roles, rate limits and the audit log for every route of the app that imports it, plus the
 * audit-log and SQL routes. Guards run in the order registered: the rate limit first (so guessing
 * tokens is throttled), then authentication and roles.
 */
@Module({})
export class AccessModule {
  static forRoot(config: HourglassConfig): DynamicModule {
    const credentials = accessCredentials(config.access);
    return {
      module: AccessModule,
      imports: [ThrottlerModule.forRoot({ throttlers: [{ name: 'per-token', ttl: config.access.rateLimit.windowMs, limit: config.access.rateLimit.limit }] })],
      controllers: [AuditLogController, SqlController, MeController],
      providers: [
        { provide: ACCESS_CREDENTIALS, useValue: credentials },
        { provide: TokenRegistry, useFactory: (c: AccessCredentials) => c.registry, inject: [ACCESS_CREDENTIALS] },
        { provide: ClickHouseAuditLogRepository, useFactory: (ch: ClickHouseClient) => new ClickHouseAuditLogRepository(ch), inject: [CLICKHOUSE] },
        {
          provide: AuditRecorder,
          useFactory: (log: ClickHouseAuditLogRepository, clock: Clock, ids: IdGenerator) => new AuditRecorder(log, clock, ids),
          inject: [ClickHouseAuditLogRepository, CLOCK, ID_GENERATOR],
        },
        {
          provide: ClickHouseSqlSandbox,
          useFactory: (ch: ClickHouseClient) => new ClickHouseSqlSandbox(ch, config.clickhouse.database, config.access.sql),
          inject: [CLICKHOUSE],
        },
        { provide: APP_GUARD, useClass: TokenThrottlerGuard },
        { provide: APP_GUARD, useClass: BearerAuthGuard },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
      ],
      exports: [ACCESS_CREDENTIALS, TokenRegistry],
    };
  }
}
