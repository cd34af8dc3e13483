import * as os from 'node:os';
import * as path from 'node:path';

/** chDB binds one data directory per process: every test file in a jest worker shares this one. */
export function workerDataDir(): string {
  return path.join(os.tmpdir(), `hg-test-chdb-${process.pid}`);
}
