import { bearerToken, parseTokenEntries, sha256Hex, TokenRegistry } from './token-registry';

const entries = [
  { name: 'ci-finance', role: 'finance', sha256: sha256Hex('finance-secret') },
  { name: 'ops', role: 'billing', sha256: sha256Hex('billing-secret').toUpperCase() },
];

describe('TokenRegistry', () => {
  const sut = new TokenRegistry(parseTokenEntries(JSON.stringify(entries), 'tokens.json'));

  it.each([
    ['finance-secret', { name: 'ci-finance', role: 'finance' }],
    ['billing-secret', { name: 'ops', role: 'billing' }],
    ['finance-secreT', null],
    ['', null],
    [null, null],
  ])('authenticates %j as %j', (token, principal) => {
    expect(sut.authenticate(token)).toEqual(principal);
  });

  it.each([
    ['{', /not JSON/],
    ['{}', /JSON array/],
    [JSON.stringify([{ name: '', role: 'finance', sha256: sha256Hex('x') }]), /entry 1: name/],
    [JSON.stringify([{ name: 'a', role: 'root', sha256: sha256Hex('x') }]), /entry 1: role/],
    [JSON.stringify([{ name: 'a', role: 'admin', sha256: 'abc' }]), /entry 1: sha256/],
    [JSON.stringify([entries[0], entries[0]]), /entry 2: name ci-finance is used twice/],
  ])('refuses the tokens file %s', (json, message) => {
    expect(() => parseTokenEntries(json, 'tokens.json')).toThrow(message);
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc ', 'abc'],
    ['Basic abc', null],
    ['Bearer', null],
    ['Bearer a b', null],
    [undefined, null],
  ])('reads %j as %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});
