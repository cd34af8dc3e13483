import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '../ports';

/** The production IdGenerator: random, unique across processes. Tests inject a counting one. */
export class RandomIdGenerator implements IdGenerator {
  newId(): string {
    return randomUUID();
  }
}
