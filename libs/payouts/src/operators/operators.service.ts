import type { Clock, OutboxMessage } from '@hourglass/contracts';
import { DomainError } from '@hourglass/contracts';
import { classifyOperator, operatorDocument, parseOperatorDocument, type Operator } from './operator';
import type { OperatorRepository } from '../ports';

export const OPERATORS_SUBJECT = 'ref.v1.operators';

export class InvalidOperatorDocumentError extends DomainError {
  constructor(
    readonly index: number,
    readonly errors: string[],
  ) {
    super('invalid_document', `document ${index + 1}: ${errors.join('; ')}`, { index, errors });
  }
}

export interface AppliedOperator {
  kind: 'operator';
  key: string;
  outcome: 'applied' | 'unchanged' | 'stale';
}

/**
 * Operators as reference data: validated as a set (one bad document changes nothing), the newest
 * `updatedAt` wins, every version is appended, and documents applied through the API are announced
 * on ref.v1.operators through the outbox (written with them) for the other instances.
 */
export class OperatorsService {
  private readonly current = new Map<string, Operator>();

  constructor(
    private readonly repository: OperatorRepository,
    private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    for (const o of await this.repository.loadCurrent()) this.current.set(o.operatorId, o);
  }

  async applyInputs(inputs: readonly unknown[], options: { publish: boolean }): Promise<AppliedOperator[]> {
    const operators = inputs.map((input, index) => {
      const parsed = parseOperatorDocument(input);
      if (!parsed.ok) throw new InvalidOperatorDocumentError(index, parsed.errors);
      return parsed.value;
    });
    const staged = new Map(this.current);
    const fresh: Operator[] = [];
    const announcements: OutboxMessage[] = [];
    const results = operators.map((o): AppliedOperator => {
      const outcome = classifyOperator(staged.get(o.operatorId), o);
      if (outcome === 'applied') {
        staged.set(o.operatorId, o);
        fresh.push(o);
        if (options.publish) announcements.push({ id: `ref.operator:${o.operatorId}:${o.updatedAtMs}`, subject: OPERATORS_SUBJECT, payload: JSON.stringify(operatorDocument(o)) });
      }
      return { kind: 'operator', key: o.operatorId, outcome };
    });
    if (fresh.length > 0) {
      await this.repository.append(fresh, this.clock.nowMs(), announcements);
      for (const o of fresh) this.current.set(o.operatorId, o);
    }
    return results;
  }

  operator(operatorId: string): Operator | undefined {
    return this.current.get(operatorId);
  }

  all(): Operator[] {
    return [...this.current.values()].sort((a, b) => (a.operatorId < b.operatorId ? -1 : a.operatorId > b.operatorId ? 1 : 0));
  }
}
