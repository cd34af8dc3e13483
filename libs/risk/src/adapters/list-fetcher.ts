import { readFile } from 'node:fs/promises';
import type { RiskConfig } from '@hourglass/config';
import type { ListFiles } from '../sanctions-lists.service';

/** Largest list file fetched: the EU CSV is ~25 MB, the SDN CSV ~5 MB. */
const FILE_BYTES_MAX = 200 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 120_000;

async function text(url: string): Promise<string> {
  if (url.startsWith('file:')) return readFile(new URL(url), 'utf8');
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > FILE_BYTES_MAX) throw new Error(`${url}: ${length} bytes is more than ${FILE_BYTES_MAX}`);
  const body = await response.text();
  if (body.length > FILE_BYTES_MAX) throw new Error(`${url}: more than ${FILE_BYTES_MAX} bytes`);
  return body;
}

/** The published files at the configured URLs (never fetched in tests: they load files). */
export async function fetchConfiguredLists(urls: RiskConfig['sanctions']['urls']): Promise<ListFiles> {
  const files: ListFiles = { source: [urls.ofacSdn, urls.ofacAlt, urls.ofacAdd, urls.eu].filter((u) => u).join(' ') };
  if (urls.ofacSdn) {
    files.ofac = {
      sdn: await text(urls.ofacSdn),
      ...(urls.ofacAlt ? { alt: await text(urls.ofacAlt) } : {}),
      ...(urls.ofacAdd ? { add: await text(urls.ofacAdd) } : {}),
    };
  }
  if (urls.eu) files.eu = await text(urls.eu);
  return files;
}
