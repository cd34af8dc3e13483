import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../roles';

export class AuditEntryDto {
  @ApiProperty({ example: '001764806400000-9f2c4e1a', description: 'sortable by time; pass it as `before` for the next page' })
  id!: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-04T12:00:00.000Z' })
  at!: string;

  @ApiProperty({ example: 'ci-billing', description: "the token's name" })
  actor!: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;

  @ApiProperty({ example: 'POST' })
  method!: string;

  @ApiProperty({ example: '/v1/invoices/inv-1/void' })
  path!: string;

  @ApiProperty({ example: 200 })
  status!: number;

  @ApiProperty({ type: String, nullable: true, description: 'the request\'s Idempotency-Key header' })
  idempotencyKey!: string | null;
}
