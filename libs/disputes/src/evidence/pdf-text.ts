import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF written by pdfkit with its built-in fonts: every content stream inflated, the hex
 * strings of each TJ array joined (pdfkit splits words for kerning), one line per text object.
 * Enough to assert what a document says, not a general PDF parser.
 */
export function pdfText(pdf: Buffer): string {
  const latin = pdf.toString('latin1');
  const lines: string[] = [];
  const stream = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = stream.exec(latin)) !== null) {
    const start = m.index + m[0].length;
    const end = latin.indexOf('endstream', start);
    if (end < 0) break;
    const dict = latin.slice(Math.max(0, latin.lastIndexOf('<<', m.index)), m.index);
    let body = pdf.subarray(start, end);
    if (/FlateDecode/.test(dict)) {
      try {
        body = inflateSync(body);
      } catch {
        continue;
      }
    }
    for (const tj of body.toString('latin1').matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const text = [...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join('');
      lines.push(text);
    }
  }
  return lines.join('\n');
}
