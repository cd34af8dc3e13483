import { normalizeName, tokenizeName } from './normalize';

describe('name normalisation', () => {
  it.each([
    ['MÜLLER-ÖZTÜRK, Jürgen', 'muller ozturk jurgen'],
    ["O'Brien", 'obrien'],
    ['José  Ramón', 'jose ramon'],
    ['Łukasz Żółć', 'lukasz zolc'],
    ['Straße', 'strasse'],
    ['Søren Ærø', 'soren aero'],
    ['  KIM,Chol-ho ', 'kim chol ho'],
  ])('folds %j to %j', (raw, folded) => {
    expect(normalizeName(raw)).toBe(folded);
  });

  it('drops particles and legal forms, even a legal form with a typo, unless nothing else is left', () => {
    expect(tokenizeName('Hamad bin Nasser AL-ZAFIRI')).toEqual(['hamad', 'nasser', 'zafiri']);
    expect(tokenizeName('Northwind Maritime Trading Co. Ltd.')).toEqual(['northwind', 'maritime', 'trading']);
    expect(tokenizeName('Blue Lagoon Petrochemical Corproation')).toEqual(['blue', 'lagoon', 'petrochemical']);
    expect(tokenizeName('Al')).toEqual(['al']);
    expect(tokenizeName('--')).toEqual([]);
  });
});
