/**
 * American Soundex of one normalised token (`smith`, `smyth` and `smiht` are all S530): the key that
 * lets the index find a name through a vowel or a letter-order typo. Digits-only tokens are their own key.
 */
const CODES: Record<string, string> = {
  b: '1', f: '1', p: '1', v: '1',
  c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
  d: '3', t: '3',
  l: '4',
  m: '5', n: '5',
  r: '6',
};

export function soundex(token: string): string {
  if (token === '') return '';
  const first = token[0]!;
  if (!/[a-z]/.test(first)) return token;
  let key = first;
  let previous = CODES[first] ?? '';
  for (let i = 1; i < token.length && key.length < 4; i++) {
    const c = token[i]!;
    const code = CODES[c];
    if (code === undefined) {
      // h and w do not separate two equal codes; vowels do.
      if (c !== 'h' && c !== 'w') previous = '';
      continue;
    }
    if (code !== previous) key += code;
    previous = code;
  }
  return key.padEnd(4, '0');
}
