import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The documents of CONTRACTS.md §2 as the API takes them, and what it answers. */
const PRICING_CLASSES = ['on_demand', 'spot', 'reserved'];

export class CommitmentDto {
  @ApiProperty({ example: 3, minimum: 1 }) termMonths!: number;
  @ApiProperty({ example: true }) autoRenew!: boolean;
}

export class RentalDocumentDto {
  @ApiProperty({ example: 'r-123' }) rentalId!: string;
  @ApiProperty({ example: 'c-9' }) customerId!: string;
  @ApiProperty({ example: 'op-42' }) operatorId!: string;
  @ApiProperty({ example: 'dc-fra-1' }) datacenterId!: string;
  @ApiProperty({ example: 'node-17' }) nodeId!: string;
  @ApiProperty({ example: 'H100-SXM-80GB' }) gpuModel!: string;
  @ApiProperty({ example: 8, minimum: 1 }) gpuCount!: number;
  @ApiProperty({ enum: PRICING_CLASSES }) pricingClass!: string;
  @ApiProperty({ example: 'pb-std' }) priceBookId!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'exclusive; null while the rental runs' }) endedAt?: string | null;
  @ApiPropertyOptional({ type: CommitmentDto, nullable: true, description: 'set exactly for reserved rentals' }) commitment?: CommitmentDto | null;
  @ApiProperty({ format: 'date-time', description: 'a newer updatedAt replaces an older document' }) updatedAt!: string;
}

export class CustomerDocumentDto {
  @ApiProperty({ example: 'c-9' }) customerId!: string;
  @ApiProperty({ example: 'Acme GPU Labs' }) name!: string;
  @ApiProperty({ example: 'USD', description: 'ISO 4217' }) currency!: string;
  @ApiPropertyOptional({ type: String, example: 'DE', nullable: true, description: 'ISO 3166-1 alpha-2' }) country?: string | null;
  @ApiPropertyOptional({ type: String, example: '10000.00', nullable: true, description: 'decimal string in the currency' }) creditLimit?: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TierDto {
  @ApiProperty({ type: String, nullable: true, example: '1000', description: 'null on the last tier' }) upToGpuHours!: string | null;
  @ApiProperty({ example: '2.49' }) unitPrice!: string;
}

export class RateDto {
  @ApiProperty({ example: 'H100-SXM-80GB' }) gpuModel!: string;
  @ApiProperty({ enum: PRICING_CLASSES }) pricingClass!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2.49', description: 'per GPU-hour; exactly one of unitPrice and tiers' }) unitPrice?: string | null;
  @ApiPropertyOptional({ type: [TierDto], nullable: true }) tiers?: TierDto[] | null;
  @ApiPropertyOptional({ type: String, enum: ['graduated', 'volume'], nullable: true }) tierMode?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) packageGpuHours?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) minimumCharge?: string | null;
}

export class PriceBookDocumentDto {
  @ApiProperty({ example: 'pb-std' }) priceBookId!: string;
  @ApiProperty({ example: 3, minimum: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) effectiveFrom!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: '0.15', description: 'decimal in [0, 1)' }) platformFeeRate!: string;
  @ApiProperty({ type: [RateDto] }) rates!: RateDto[];
}

export class AppliedDocumentDto {
  @ApiProperty({ enum: ['rental', 'customer', 'priceBook'] }) kind!: string;
  @ApiProperty({ example: 'r-123' }) key!: string;
  @ApiProperty({ enum: ['applied', 'unchanged', 'stale', 'conflict'] }) outcome!: string;
}

export class AppliedDocumentsDto {
  @ApiProperty({ type: [AppliedDocumentDto] }) results!: AppliedDocumentDto[];
}

export class InvalidDocumentDto {
  @ApiProperty({ example: 'invalid_document' }) reason!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ description: 'the position of the first invalid document in the request' }) index!: number;
  @ApiProperty({ type: [String] }) errors!: string[];
}

/** What GET answers: the current state, times as epoch milliseconds. */
export class RentalStateDto {
  @ApiProperty() rentalId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty() operatorId!: string;
  @ApiProperty() datacenterId!: string;
  @ApiProperty() nodeId!: string;
  @ApiProperty() gpuModel!: string;
  @ApiProperty() gpuCount!: number;
  @ApiProperty({ enum: PRICING_CLASSES }) pricingClass!: string;
  @ApiProperty() priceBookId!: string;
  @ApiProperty() startedAtMs!: number;
  @ApiProperty({ type: Number, nullable: true }) endedAtMs!: number | null;
  @ApiProperty({ type: CommitmentDto, nullable: true }) commitment!: CommitmentDto | null;
  @ApiProperty() updatedAtMs!: number;
}

export class CustomerStateDto {
  @ApiProperty() customerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: String, nullable: true }) country!: string | null;
  @ApiProperty({ type: String, nullable: true }) creditLimit!: string | null;
  @ApiProperty() updatedAtMs!: number;
}

export class RateStateDto {
  @ApiProperty() gpuModel!: string;
  @ApiProperty({ enum: PRICING_CLASSES }) pricingClass!: string;
  @ApiProperty({ type: String, nullable: true }) unitPrice!: string | null;
  @ApiProperty({ type: [TierDto], nullable: true }) tiers!: TierDto[] | null;
  @ApiProperty({ type: String, enum: ['graduated', 'volume'], nullable: true }) tierMode!: string | null;
  @ApiProperty({ type: String, nullable: true }) packageGpuHours!: string | null;
  @ApiProperty({ type: String, nullable: true }) minimumCharge!: string | null;
}

export class PriceBookVersionStateDto {
  @ApiProperty() priceBookId!: string;
  @ApiProperty() version!: number;
  @ApiProperty() effectiveFromMs!: number;
  @ApiProperty() currency!: string;
  @ApiProperty() platformFeeRate!: string;
  @ApiProperty({ type: [RateStateDto] }) rates!: RateStateDto[];
}

export const REFERENCE_DTOS = [RentalDocumentDto, CustomerDocumentDto, PriceBookDocumentDto];
