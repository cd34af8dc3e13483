import type { HourglassConfig } from '@hourglass/config';
import { ApiClient } from './api-client';

export function api(config: HourglassConfig): ApiClient {
  return new ApiClient(config.http.apiUrl);
}

export function out(json: boolean | undefined, value: unknown, text: () => string): void {
  process.stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : text() + '\n');
}
