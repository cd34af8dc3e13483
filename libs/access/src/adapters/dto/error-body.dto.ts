import { ApiProperty } from '@nestjs/swagger';

/** Every error the API answers (CONTRACTS.md §5): a reason code and a sentence for people. */
export class ErrorBodyDto {
  @ApiProperty({ example: 'forbidden', description: 'a stable, machine-readable reason code' })
  reason!: string;

  @ApiProperty({ example: 'the finance role may not POST /v1/billing-runs' })
  message!: string;
}
