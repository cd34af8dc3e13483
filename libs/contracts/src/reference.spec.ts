import { parseReferenceDocument, type ReferenceKind } from './reference';

/** The documents of CONTRACTS.md §2. */
const RENTAL = {
  rentalId: 'r-123',
  customerId: 'c-9',
  operatorId: 'op-42',
  datacenterId: 'dc-fra-1',
  nodeId: 'node-17',
  gpuModel: 'H100-SXM-80GB',
  gpuCount: 8,
  pricingClass: 'on_demand',
  priceBookId: 'pb-std',
  startedAt: '2026-11-01T00:00:00Z',
  endedAt: null,
  commitment: null,
  updatedAt: '2026-11-01T00:00:00Z',
};
const CUSTOMER = { customerId: 'c-9', name: 'Acme GmbH', currency: 'EUR', country: 'DE', updatedAt: '2026-11-01T00:00:00Z' };
const PRICE_BOOK = {
  priceBookId: 'pb-std',
  version: 3,
  effectiveFrom: '2026-11-15T00:00:00Z',
  currency: 'USD',
  platformFeeRate: '0.15',
  rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '2.49' }],
};

const NOV_1 = Date.UTC(2026, 10, 1);

describe('parseReferenceDocument: telling the kind', () => {
  it.each<[string, unknown, ReferenceKind]>([
    ['rentalId makes a rental', RENTAL, 'rental'],
    ['priceBookId and rates make a price book', PRICE_BOOK, 'priceBook'],
    ['customerId and currency make a customer', CUSTOMER, 'customer'],
  ])('%s', (_name, input, kind) => {
    const result = parseReferenceDocument(input);
    expect(result.ok && result.value.kind).toBe(kind);
  });

  it('takes a rental for a rental even though it also carries customerId and priceBookId', () => {
    const result = parseReferenceDocument({ ...RENTAL, currency: 'USD', rates: [] });
    expect(result.ok && result.value.kind).toBe('rental');
  });

  it('refuses a document whose keys name no kind', () => {
    expect(parseReferenceDocument({ customerId: 'c-9', name: 'Acme' })).toEqual({
      ok: false,
      errors: [
        'document: cannot tell its kind: a rental has rentalId, a price book priceBookId and rates, ' +
          'a customer customerId and currency',
      ],
    });
  });

  it.each([[null], [[RENTAL]], ['{"rentalId":"r-1"}'], [42]])('refuses %p, which is not an object', (input) => {
    expect(parseReferenceDocument(input)).toEqual({ ok: false, errors: ['document: must be an object'] });
  });

  it('refuses a document of another kind than expected', () => {
    expect(parseReferenceDocument(RENTAL, 'customer')).toEqual({
      ok: false,
      errors: ['document: expected a customer but its keys make it a rental'],
    });
  });

  it('names every missing field when the expected kind cannot be told from the keys', () => {
    expect(parseReferenceDocument({ customerId: 'c-9', name: 'Acme' }, 'customer')).toEqual({
      ok: false,
      errors: ['currency: is required', 'updatedAt: is required'],
    });
  });

  it('accepts a document of the expected kind', () => {
    expect(parseReferenceDocument(PRICE_BOOK, 'priceBook').ok).toBe(true);
  });
});

describe('parseReferenceDocument: rentals', () => {
  it('normalises the contract example to epoch ms', () => {
    expect(parseReferenceDocument({ ...RENTAL, extraField: 'ignored' })).toEqual({
      ok: true,
      value: {
        kind: 'rental',
        doc: {
          rentalId: 'r-123',
          customerId: 'c-9',
          operatorId: 'op-42',
          datacenterId: 'dc-fra-1',
          nodeId: 'node-17',
          gpuModel: 'H100-SXM-80GB',
          gpuCount: 8,
          pricingClass: 'on_demand',
          priceBookId: 'pb-std',
          startedAtMs: NOV_1,
          endedAtMs: null,
          commitment: null,
          updatedAtMs: NOV_1,
        },
      },
    });
  });

  it('reads any offset as UTC and keeps a reserved rental’s commitment', () => {
    const result = parseReferenceDocument({
      ...RENTAL,
      pricingClass: 'reserved',
      commitment: { termMonths: 3, autoRenew: true },
      startedAt: '2026-11-01T01:00:00+01:00',
      endedAt: '2027-02-01T00:00:00.500Z',
    });
    expect(result.ok && result.value.doc).toMatchObject({
      startedAtMs: NOV_1,
      endedAtMs: Date.UTC(2027, 1, 1, 0, 0, 0, 500),
      commitment: { termMonths: 3, autoRenew: true },
    });
  });

  it('treats a missing commitment on an on-demand rental as none', () => {
    const { commitment: _omitted, ...withoutCommitment } = RENTAL;
    const result = parseReferenceDocument(withoutCommitment);
    expect(result.ok && result.value.kind === 'rental' && result.value.doc.commitment).toBeNull();
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['a missing id', { operatorId: undefined }, ['operatorId: is required']],
    ['an empty id', { nodeId: '' }, ['nodeId: must be a non-empty string of at most 256 characters']],
    ['an id of 257 characters', { rentalId: 'r'.repeat(257) }, ['rentalId: must be a non-empty string of at most 256 characters']],
    ['a numeric id', { customerId: 9 }, ['customerId: must be string']],
    ['zero GPUs', { gpuCount: 0 }, ['gpuCount: must be >= 1']],
    ['more GPUs than a node holds', { gpuCount: 1025 }, ['gpuCount: must be <= 1024']],
    ['a fractional GPU count', { gpuCount: 1.5 }, ['gpuCount: must be integer']],
    ['a GPU count as a string', { gpuCount: '8' }, ['gpuCount: must be integer']],
    ['an unknown pricing class', { pricingClass: 'preemptible' }, ['pricingClass: must be one of "on_demand", "spot", "reserved"']],
    [
      'a start without offset',
      { startedAt: '2026-11-01T00:00:00' },
      ['startedAt: must be an RFC 3339 timestamp with an offset and at most millisecond precision'],
    ],
    [
      'a start with microseconds',
      { startedAt: '2026-11-01T00:00:00.000001Z' },
      ['startedAt: must be an RFC 3339 timestamp with an offset and at most millisecond precision'],
    ],
    ['an end before the start', { endedAt: '2026-10-31T23:59:59Z' }, ['endedAt: must be later than startedAt']],
    ['an end equal to the start', { endedAt: '2026-11-01T01:00:00+01:00' }, ['endedAt: must be later than startedAt']],
    ['no updatedAt', { updatedAt: undefined }, ['updatedAt: is required']],
    ['a reserved rental without commitment', { pricingClass: 'reserved' }, ['commitment: is required when pricingClass is reserved']],
    [
      'a commitment on a spot rental',
      { pricingClass: 'spot', commitment: { termMonths: 3, autoRenew: false } },
      ['commitment: must be null unless pricingClass is reserved'],
    ],
    [
      'a commitment term of 0 months',
      { pricingClass: 'reserved', commitment: { termMonths: 0, autoRenew: true } },
      ['commitment.termMonths: must be >= 1'],
    ],
    [
      'a commitment term over 10 years',
      { pricingClass: 'reserved', commitment: { termMonths: 121, autoRenew: true } },
      ['commitment.termMonths: must be <= 120'],
    ],
    [
      'a commitment without autoRenew',
      { pricingClass: 'reserved', commitment: { termMonths: 12 } },
      ['commitment.autoRenew: is required'],
    ],
  ])('refuses %s', (_name, change, errors) => {
    expect(parseReferenceDocument(withChange(RENTAL, change), 'rental')).toEqual({ ok: false, errors });
  });

  it('reads a missing endedAt as a rental still running', () => {
    const result = parseReferenceDocument(withChange(RENTAL, { endedAt: undefined }), 'rental');
    expect(result.ok && result.value.kind === 'rental' && result.value.doc.endedAtMs).toBeNull();
  });

  it('reports every violation of one document at once', () => {
    const result = parseReferenceDocument(withChange(RENTAL, { gpuCount: 0, nodeId: '', startedAt: 'yesterday' }));
    expect(result.ok ? [] : result.errors).toEqual([
      'nodeId: must be a non-empty string of at most 256 characters',
      'gpuCount: must be >= 1',
      'startedAt: must be an RFC 3339 timestamp with an offset and at most millisecond precision',
    ]);
  });
});

describe('parseReferenceDocument: customers', () => {
  it('normalises the contract example, absent optional fields as null', () => {
    expect(parseReferenceDocument(CUSTOMER)).toEqual({
      ok: true,
      value: {
        kind: 'customer',
        doc: { customerId: 'c-9', name: 'Acme GmbH', currency: 'EUR', country: 'DE', creditLimit: null, updatedAtMs: NOV_1 },
      },
    });
  });

  it('keeps a credit limit as a decimal string', () => {
    const result = parseReferenceDocument({ ...CUSTOMER, country: null, creditLimit: '25000.00' });
    expect(result.ok && result.value.doc).toMatchObject({ country: null, creditLimit: '25000.00' });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['a lower-case currency', { currency: 'eur' }, ['currency: must be a 3-letter upper-case ISO 4217 code such as "USD"']],
    ['a currency symbol', { currency: '€' }, ['currency: must be a 3-letter upper-case ISO 4217 code such as "USD"']],
    ['a 3-letter country', { country: 'DEU' }, ['country: must be a 2-letter upper-case ISO 3166-1 code such as "DE"']],
    ['a credit limit as a number', { creditLimit: 25000 }, ['creditLimit: must be string or null']],
    [
      'a negative credit limit',
      { creditLimit: '-1' },
      ['creditLimit: must be a non-negative decimal string such as "2.49"'],
    ],
    ['an empty name', { name: '' }, ['name: must not be empty']],
    ['no updatedAt', { updatedAt: undefined }, ['updatedAt: is required']],
  ])('refuses %s', (_name, change, errors) => {
    expect(parseReferenceDocument(withChange(CUSTOMER, change), 'customer')).toEqual({ ok: false, errors });
  });
});

describe('parseReferenceDocument: price books', () => {
  const TIERS = [
    { upToGpuHours: '1000', unitPrice: '2.49' },
    { upToGpuHours: null, unitPrice: '2.19' },
  ];

  it('normalises the contract example, absent rate fields as null', () => {
    expect(parseReferenceDocument(PRICE_BOOK)).toEqual({
      ok: true,
      value: {
        kind: 'priceBook',
        doc: {
          priceBookId: 'pb-std',
          version: 3,
          effectiveFromMs: Date.UTC(2026, 10, 15),
          currency: 'USD',
          platformFeeRate: '0.15',
          rates: [
            {
              gpuModel: 'H100-SXM-80GB',
              pricingClass: 'on_demand',
              unitPrice: '2.49',
              tiers: null,
              tierMode: null,
              packageGpuHours: null,
              minimumCharge: null,
            },
          ],
        },
      },
    });
  });

  it('keeps tiered rates with their mode', () => {
    const rate = { gpuModel: 'H100-SXM-80GB', pricingClass: 'spot', unitPrice: null, tiers: TIERS, tierMode: 'volume' };
    const result = parseReferenceDocument({ ...PRICE_BOOK, rates: [rate] });
    expect(result.ok && result.value.kind === 'priceBook' && result.value.doc.rates[0]).toEqual({
      gpuModel: 'H100-SXM-80GB',
      pricingClass: 'spot',
      unitPrice: null,
      tiers: TIERS,
      tierMode: 'volume',
      packageGpuHours: null,
      minimumCharge: null,
    });
  });

  it.each(['0', '0.0', '0.15', '0.999999'])('accepts platform fee rate %s', (platformFeeRate) => {
    expect(parseReferenceDocument({ ...PRICE_BOOK, platformFeeRate }).ok).toBe(true);
  });

  const rate = (fields: Record<string, unknown>) => ({ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', ...fields });
  const FEE_RATE = 'platformFeeRate: must be a decimal string in [0, 1) such as "0.15"';

  it.each<[string, Record<string, unknown>, string[]]>([
    ['version 0', { version: 0 }, ['version: must be >= 1']],
    ['a fractional version', { version: 1.5 }, ['version: must be integer']],
    ['an effectiveFrom without offset', { effectiveFrom: '2026-11-15' }, [
      'effectiveFrom: must be an RFC 3339 timestamp with an offset and at most millisecond precision',
    ]],
    ['a lower-case currency', { currency: 'usd' }, ['currency: must be a 3-letter upper-case ISO 4217 code such as "USD"']],
    ['a fee rate of 1', { platformFeeRate: '1' }, [FEE_RATE]],
    ['a fee rate of 1.0', { platformFeeRate: '1.0' }, [FEE_RATE]],
    ['a negative fee rate', { platformFeeRate: '-0.1' }, [FEE_RATE]],
    ['a fee rate as a number', { platformFeeRate: 0.15 }, ['platformFeeRate: must be string']],
    ['a fee rate as a percentage', { platformFeeRate: '15%' }, [FEE_RATE]],
    ['no rates', { rates: [] }, ['rates: must have at least 1 item']],
    [
      'a unit price as a float',
      { rates: [rate({ unitPrice: 2.49 })] },
      ['rates[0].unitPrice: must be string or null'],
    ],
    [
      'a unit price in exponent notation',
      { rates: [rate({ unitPrice: '2.49e0' })] },
      ['rates[0].unitPrice: must be a non-negative decimal string such as "2.49"'],
    ],
    [
      'a negative unit price',
      { rates: [rate({ unitPrice: '-2.49' })] },
      ['rates[0].unitPrice: must be a non-negative decimal string such as "2.49"'],
    ],
    ['a rate without price', { rates: [rate({})] }, ['rates[0]: must set one of unitPrice, tiers']],
    [
      'a rate with both a unit price and tiers',
      { rates: [rate({ unitPrice: '2.49', tiers: TIERS, tierMode: 'graduated' })] },
      ['rates[0]: must set only one of unitPrice, tiers'],
    ],
    ['tiers without a mode', { rates: [rate({ tiers: TIERS })] }, ['rates[0].tierMode: is required when tiers is set']],
    [
      'a mode without tiers',
      { rates: [rate({ unitPrice: '2.49', tierMode: 'graduated' })] },
      ['rates[0].tiers: is required when tierMode is set'],
    ],
    [
      'an unknown tier mode',
      { rates: [rate({ tiers: TIERS, tierMode: 'stairstep' })] },
      ['rates[0].tierMode: must be one of "graduated", "volume", null'],
    ],
    [
      'descending tiers',
      {
        rates: [
          rate({
            tierMode: 'graduated',
            tiers: [
              { upToGpuHours: '1000', unitPrice: '2.49' },
              { upToGpuHours: '999.5', unitPrice: '2.29' },
              { upToGpuHours: null, unitPrice: '2.19' },
            ],
          }),
        ],
      },
      ["rates[0].tiers[1].upToGpuHours: must be greater than the previous tier's 1000"],
    ],
    [
      'two tiers with the same bound',
      {
        rates: [
          rate({
            tierMode: 'graduated',
            tiers: [
              { upToGpuHours: '1000', unitPrice: '2.49' },
              { upToGpuHours: '1000.0', unitPrice: '2.29' },
              { upToGpuHours: null, unitPrice: '2.19' },
            ],
          }),
        ],
      },
      ["rates[0].tiers[1].upToGpuHours: must be greater than the previous tier's 1000"],
    ],
    [
      'a bounded last tier',
      { rates: [rate({ tierMode: 'volume', tiers: [{ upToGpuHours: '1000', unitPrice: '2.49' }] })] },
      ['rates[0].tiers[0].upToGpuHours: must be null: the last tier is open-ended'],
    ],
    [
      'an open-ended tier before the last',
      {
        rates: [
          rate({
            tierMode: 'volume',
            tiers: [
              { upToGpuHours: null, unitPrice: '2.49' },
              { upToGpuHours: null, unitPrice: '2.19' },
            ],
          }),
        ],
      },
      ['rates[0].tiers[0].upToGpuHours: must be set: only the last tier is open-ended'],
    ],
    [
      'a tier bound of zero',
      {
        rates: [
          rate({
            tierMode: 'volume',
            tiers: [
              { upToGpuHours: '0', unitPrice: '2.49' },
              { upToGpuHours: null, unitPrice: '2.19' },
            ],
          }),
        ],
      },
      ['rates[0].tiers[0].upToGpuHours: must be a positive decimal string such as "1000"'],
    ],
    ['an empty tier list', { rates: [rate({ tierMode: 'volume', tiers: [] })] }, ['rates[0].tiers: must have at least 1 item']],
    [
      'two rates for the same model and class',
      { rates: [rate({ unitPrice: '2.49' }), rate({ unitPrice: '1.99' })] },
      ['rates[1]: repeats item 0: same gpuModel and pricingClass'],
    ],
    [
      'a zero package size',
      { rates: [rate({ unitPrice: '2.49', packageGpuHours: '0.000' })] },
      ['rates[0].packageGpuHours: must be a positive decimal string such as "1000"'],
    ],
    [
      'a minimum charge as a number',
      { rates: [rate({ unitPrice: '2.49', minimumCharge: 100 })] },
      ['rates[0].minimumCharge: must be string or null'],
    ],
  ])('refuses %s', (_name, change, errors) => {
    expect(parseReferenceDocument(withChange(PRICE_BOOK, change), 'priceBook')).toEqual({ ok: false, errors });
  });

  it('accepts the same model in two pricing classes', () => {
    const rates = [rate({ unitPrice: '2.49' }), rate({ pricingClass: 'spot', unitPrice: '1.49' })];
    expect(parseReferenceDocument({ ...PRICE_BOOK, rates }).ok).toBe(true);
  });
});

/** The document with fields replaced; `undefined` removes the field. */
function withChange(doc: Record<string, unknown>, change: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...doc, ...change };
  for (const [key, value] of Object.entries(change)) if (value === undefined) delete result[key];
  return result;
}
