import { parseMultipart } from './multipart';

describe('parseMultipart', () => {
  it('slices fields and files out byte for byte, CRLFs and high bytes inside a file included', () => {
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x0d, 0x0a, 0xff, 0x00, 0x0d, 0x0a, 0x2d, 0x2d]);
    const body = Buffer.concat([
      Buffer.from('--b0\r\nContent-Disposition: form-data; name="purpose"\r\n\r\ndispute_evidence\r\n'),
      Buffer.from('--b0\r\nContent-Disposition: form-data; name="file"; filename="e.pdf"\r\nContent-Type: application/pdf\r\n\r\n'),
      pdf,
      Buffer.from('\r\n--b0--\r\n'),
    ]);
    const parts = parseMultipart(body, 'multipart/form-data; boundary=b0');
    expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['purpose', null, null],
      ['file', 'e.pdf', 'application/pdf'],
    ]);
    expect(parts[0]!.data.toString()).toBe('dispute_evidence');
    expect(parts[1]!.data.equals(pdf)).toBe(true);
  });

  it('refuses a body without its boundary', () => {
    expect(() => parseMultipart(Buffer.from('x'), 'multipart/form-data')).toThrow(/boundary/);
    expect(() => parseMultipart(Buffer.from('x'), 'multipart/form-data; boundary=b0')).toThrow(/boundary/);
  });
});
