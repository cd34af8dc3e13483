import { DomainError } from '@hourglass/contracts';

/**
 * The checks that run on the statement's text before ClickHouse sees it, even for `EXPLAIN AST`:
 * `EXPLAIN AST a; b` would run `b`, and the explained query's own SETTINGS and FORMAT shape how
 * EXPLAIN itself runs. The scanner is deliberately conservative: where it could disagree with
 * ClickHouse's lexer (nested block comments, heredocs, `#` comments), it reads more as code than
 * ClickHouse does, so a disagreement refuses a query instead of letting one through.
 */
/** A statement the sandbox refuses; the message says what was refused. */
export class QueryNotAllowed extends DomainError {
  constructor(message: string) {
    super('query_not_allowed', message);
  }
}

/** Output formats a caller may ask for; JSONEachRow is the default (`{rows}`), the others stream. */
export const OUTPUT_FORMATS = ['JSONEachRow', 'CSV', 'CSVWithNames', 'TSV', 'TSVWithNames'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface PreparedText {
  /** The statement without a trailing `;` and without its FORMAT clause. */
  text: string;
  /** The FORMAT the text named, if any. */
  format: OutputFormat | null;
}

interface Token {
  kind: 'word' | 'string' | 'quoted' | 'other';
  value: string;
  start: number;
}

/** Words that are refused wherever they appear as code (not inside a string or a quoted name). */
const FORBIDDEN_WORDS: Record<string, string> = {
  SETTINGS: 'a SETTINGS clause is not allowed (the sandbox sets the limits)',
  OUTFILE: 'INTO OUTFILE is not allowed',
  INFILE: 'FROM INFILE is not allowed',
};

function scan(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const start = i;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new QueryNotAllowed('an unterminated /* comment');
      i = end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new QueryNotAllowed(`an unterminated ${c} quote`);
        if (text[i] === '\\') i += 2;
        else if (text[i] === c && text[i + 1] === c) i += 2;
        else if (text[i] === c) break;
        else i += 1;
      }
      i += 1;
      tokens.push({ kind: c === "'" ? 'string' : 'quoted', value: text.slice(start, i), start });
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_$]/.test(text[i])) i += 1;
      tokens.push({ kind: 'word', value: text.slice(start, i), start });
    } else {
      i += 1;
      tokens.push({ kind: 'other', value: c, start });
    }
  }
  return tokens;
}

function unquoteName(token: Token): string {
  return token.kind === 'quoted' ? token.value.slice(1, -1) : token.value;
}

export function prepareText(raw: string, maxChars: number): PreparedText {
  if (raw.length > maxChars) throw new QueryNotAllowed(`the statement is longer than ${maxChars} characters`);
  const text = raw.trim().replace(/;\s*$/, '');
  if (text === '') throw new QueryNotAllowed('the statement is empty');
  // Anywhere, even inside a string: one statement, and no way for a scanner disagreement to make two.
  if (text.includes(';')) throw new QueryNotAllowed('one statement only: ";" is not allowed');
  if (text.includes('\0')) throw new QueryNotAllowed('a NUL character is not allowed');
  const tokens = scan(text);
  for (const token of tokens) {
    const refusal = token.kind === 'word' ? FORBIDDEN_WORDS[token.value.toUpperCase()] : undefined;
    if (refusal) throw new QueryNotAllowed(refusal);
  }
  // A FORMAT clause ends the statement; a `format` elsewhere is a column or the format() function.
  const formatAt = tokens.length - 2;
  const keyword = tokens[formatAt];
  const name = tokens[formatAt + 1];
  if (!keyword || keyword.kind !== 'word' || keyword.value.toUpperCase() !== 'FORMAT' || (name.kind !== 'word' && name.kind !== 'quoted')) {
    return { text, format: null };
  }
  const format = OUTPUT_FORMATS.find((f) => f.toLowerCase() === unquoteName(name).toLowerCase());
  if (!format) throw new QueryNotAllowed(`FORMAT ${unquoteName(name)} is not allowed; use one of ${OUTPUT_FORMATS.join(', ')}`);
  return { text: text.slice(0, keyword.start).trimEnd(), format };
}
