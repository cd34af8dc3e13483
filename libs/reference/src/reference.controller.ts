import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { DomainError, type ReferenceDocument } from '@hourglass/contracts';
import { ReferenceService, type AppliedDocument } from './reference.service';
import { Access, ErrorBodyDto } from '@hourglass/access';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppliesDocuments } from './adapters/dto/documents-body';
import { CustomerDocumentDto, CustomerStateDto, PriceBookDocumentDto, PriceBookVersionStateDto, RentalDocumentDto, RentalStateDto } from './adapters/dto/reference.dto';

function asList(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object' && Array.isArray((body as { documents?: unknown }).documents)) {
    return (body as { documents: unknown[] }).documents;
  }
  return [body];
}

@ApiTags('reference')
@Controller('v1')
export class ReferenceController {
  constructor(private readonly reference: ReferenceService) {}

  private async apply(body: unknown, expectedKind?: ReferenceDocument['kind']): Promise<{ results: AppliedDocument[] }> {
    const results = await this.reference.applyInputs(asList(body), { publish: true, expectedKind });
    const conflicts = results.filter((r) => r.outcome === 'conflict');
    if (conflicts.length > 0) {
      throw new DomainError(
        'price_book_version_conflict',
        `price book versions never change once published; publish a new version instead of ${conflicts.map((c) => c.key).join(', ')}`,
        { results },
      );
    }
    return { results };
  }

  @Post('reference')
  @ApiOperation({ summary: 'Apply reference documents of any kind' })
  @AppliesDocuments(RentalDocumentDto, CustomerDocumentDto, PriceBookDocumentDto)
  @Access('control-plane')
  @HttpCode(200)
  applyAny(@Body() body: unknown) {
    return this.apply(body);
  }

  @Post('rentals')
  @ApiOperation({ summary: 'Apply rental documents' })
  @AppliesDocuments(RentalDocumentDto)
  @Access('control-plane')
  @HttpCode(200)
  applyRentals(@Body() body: unknown) {
    return this.apply(body, 'rental');
  }

  @Post('customers')
  @ApiOperation({ summary: 'Apply customer documents' })
  @AppliesDocuments(CustomerDocumentDto)
  @Access('control-plane')
  @HttpCode(200)
  applyCustomers(@Body() body: unknown) {
    return this.apply(body, 'customer');
  }

  @Post('price-books')
  @ApiOperation({ summary: 'Apply price book versions' })
  @AppliesDocuments(PriceBookDocumentDto)
  @Access('control-plane')
  @HttpCode(200)
  applyPriceBooks(@Body() body: unknown) {
    return this.apply(body, 'priceBook');
  }

  @Get('rentals/:id')
  @ApiOperation({ summary: "A rental's current state" })
  @ApiOkResponse({ type: RentalStateDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @Access('control-plane', 'finance', 'billing')
  rental(@Param('id') id: string) {
    const rental = this.reference.cache.rental(id);
    if (!rental) throw new DomainError('unknown_rental', `no rental ${id}`);
    return rental;
  }

  @Get('customers/:id')
  @ApiOperation({ summary: "A customer's current state" })
  @ApiOkResponse({ type: CustomerStateDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @Access('control-plane', 'finance', 'billing')
  customer(@Param('id') id: string) {
    const customer = this.reference.cache.customer(id);
    if (!customer) throw new DomainError('unknown_customer', `no customer ${id}`);
    return customer;
  }

  @Get('price-books/:id')
  @ApiOperation({ summary: 'Every version of a price book' })
  @ApiOkResponse({ type: PriceBookVersionStateDto, isArray: true })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @Access('control-plane', 'finance', 'billing')
  priceBook(@Param('id') id: string) {
    const versions = this.reference.cache.priceBookVersions(id);
    if (versions.length === 0) throw new DomainError('unknown_price_book', `no price book ${id}`);
    return versions;
  }
}
