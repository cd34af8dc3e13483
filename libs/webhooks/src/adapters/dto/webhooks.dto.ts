import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES } from '../../domain';

export class UpsertEndpointDto {
  @ApiProperty({ example: 'erp', description: 'chosen by the caller: sending the same request again changes nothing' }) endpointId!: string;
  @ApiProperty({ example: 'https://erp.example.com/hourglass' }) url!: string;
  @ApiPropertyOptional({ description: 'HMAC secret, 16 characters or more; left out: one is made (whsec_…) and shown in this answer only' }) secret?: string;
  @ApiPropertyOptional({ enum: EVENT_TYPES, isArray: true, description: 'event types to send; empty or left out: all' }) types?: string[];
  @ApiPropertyOptional({ default: true }) enabled?: boolean;
}

export class EndpointDto {
  @ApiProperty() endpointId!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: EVENT_TYPES, isArray: true }) types!: string[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({ description: 'only in the answer to a create or change' }) secret?: string;
}

export class DeliveryDto {
  @ApiProperty() endpointId!: string;
  @ApiProperty({ description: 'the CloudEvent id' }) eventId!: string;
  @ApiProperty({ enum: EVENT_TYPES }) eventType!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty({ enum: ['delivered', 'retrying', 'failed'] }) outcome!: string;
  @ApiProperty({ description: '0 when no answer came' }) httpStatus!: number;
  @ApiProperty() error!: string;
  @ApiProperty() durationMs!: number;
  @ApiProperty() replay!: boolean;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ReplayDto {
  @ApiPropertyOptional({ type: [String], description: 'event ids to send again' }) eventIds?: string[];
  @ApiPropertyOptional({ format: 'date-time', description: 'or every event written from this instant' }) from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: '…up to this one (exclusive)' }) to?: string;
}

export class ReplayResultDto {
  @ApiProperty() replayed!: number;
  @ApiProperty() delivered!: number;
  @ApiProperty({ type: [DeliveryDto] }) failed!: DeliveryDto[];
}
