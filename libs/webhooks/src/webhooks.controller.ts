import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '@hourglass/access';
import { DeliveryDto, EndpointDto, ReplayDto, ReplayResultDto, UpsertEndpointDto } from './adapters/dto/webhooks.dto';
import type { DeliveryAttempt } from './ports';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('v1/webhook-endpoints')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Access()
  @ApiOperation({ summary: 'create or change an HTTP endpoint for outgoing events (CONTRACTS §12), by its endpointId' })
  @ApiCreatedResponse({ type: EndpointDto, description: '201 when new, 200 when it existed' })
  async upsert(@Body() body: UpsertEndpointDto, @Res({ passthrough: true }) res: Response) {
    const { created, endpoint } = await this.webhooks.upsert(body ?? {});
    res.status(created ? 201 : 200);
    return endpoint;
  }

  @Get()
  @Access()
  @ApiOperation({ summary: 'the endpoints, without their secrets' })
  @ApiOkResponse({ type: [EndpointDto] })
  list() {
    return this.webhooks.list();
  }

  @Get(':endpointId/deliveries')
  @Access()
  @ApiOperation({ summary: "an endpoint's delivery log, newest first: one row per attempt" })
  @ApiQuery({ name: 'eventId', required: false })
  @ApiQuery({ name: 'before', required: false, description: 'ISO instant: the page before it' })
  @ApiQuery({ name: 'limit', required: false, description: '1-1000, default 100' })
  @ApiOkResponse({ type: [DeliveryDto] })
  async deliveries(@Param('endpointId') endpointId: string, @Query('eventId') eventId?: string, @Query('before') before?: string, @Query('limit') limit?: string) {
    return (await this.webhooks.deliveries(endpointId, { eventId, before, limit: limit ? Number(limit) || 100 : undefined })).map(deliveryView);
  }

  @Post(':endpointId/replay')
  @Access()
  @ApiOperation({ summary: 'send chosen events again now, one attempt each; receivers drop copies by event id' })
  @ApiOkResponse({ type: ReplayResultDto })
  async replay(@Param('endpointId') endpointId: string, @Body() body: ReplayDto, @Res({ passthrough: true }) res: Response) {
    const result = await this.webhooks.replay(endpointId, body ?? {});
    res.status(200);
    return { ...result, failed: result.failed.map(deliveryView) };
  }
}

function deliveryView(a: DeliveryAttempt) {
  const { atMs, ...rest } = a;
  return { ...rest, at: new Date(atMs).toISOString() };
}
