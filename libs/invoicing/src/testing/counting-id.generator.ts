import type { IdGenerator } from '@hourglass/contracts';

export class CountingIdGenerator implements IdGenerator {
  private next = 0;

  newId(): string {
    this.next += 1;
    return `test-${String(this.next).padStart(4, '0')}`;
  }
}
