/** One part of a multipart/form-data body: a field (`filename` null) or a file. */
export interface FormPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
/** Bounded: Stripe's Files API takes one file and a few fields. */
const PARTS_MAX = 20;

/**
 * Parses `multipart/form-data` (RFC 7578) as the Stripe SDK sends a file upload, byte for byte: the
 * file's bytes are sliced out of the body, never decoded as text. Throws on a body without the boundary.
 */
export function parseMultipart(body: Buffer, contentType: string): FormPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${(m[1] ?? m[2])!.trim()}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error('multipart body without its boundary');
  while (parts.length < PARTS_MAX) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const headersEnd = body.indexOf(HEADER_END, start);
    const next = body.indexOf(delimiter, start);
    if (headersEnd < 0 || next < 0) throw new Error('multipart part not terminated');
    const headers = body.subarray(start + CRLF.length, headersEnd).toString('utf8');
    // The part's data ends with the CRLF that precedes the next delimiter.
    const data = body.subarray(headersEnd + HEADER_END.length, next - CRLF.length);
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '',
      filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null,
      contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? null,
      data: Buffer.from(data),
    });
    at = next;
  }
  return parts;
}
