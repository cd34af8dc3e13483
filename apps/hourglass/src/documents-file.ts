import * as fs from 'node:fs';
import { UsageError } from './exit-codes';

/** Reads JSON (one document or an array) or NDJSON; errors name the file and line. */
export function readDocuments(file: string): unknown[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    const whole: unknown = JSON.parse(trimmed);
    return Array.isArray(whole) ? whole : [whole];
  } catch {
    // Not one JSON document: NDJSON.
  }
  return trimmed.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch (error) {
      throw new UsageError(`${file}:${i + 1}: not JSON (${(error as Error).message}); expected JSON or NDJSON, one document per line`);
    }
  });
}
