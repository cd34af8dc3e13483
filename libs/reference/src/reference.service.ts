import { DomainError, parseReferenceDocument, type Clock, type ReferenceDocument } from '@hourglass/contracts';
import { ReferenceCache, type ApplyOutcome } from './reference-cache';
import { referenceAnnouncement } from './reference-announcements';
import type { ReferenceRepository } from './ports';

export class InvalidReferenceDocumentError extends DomainError {
  constructor(
    readonly index: number,
    readonly errors: string[],
  ) {
    super('invalid_document', `document ${index + 1}: ${errors.join('; ')}`, { index, errors });
  }
}

export interface AppliedDocument {
  kind: ReferenceDocument['kind'];
  key: string;
  outcome: ApplyOutcome;
}

function keyOf(d: ReferenceDocument): string {
  switch (d.kind) {
    case 'rental':
      return d.doc.rentalId;
    case 'customer':
      return d.doc.customerId;
    case 'priceBook':
      return `${d.doc.priceBookId}@${d.doc.version}`;
  }
}

/**
 * Accepts reference documents from any door (REF stream, HTTP, CLI). Validation happens for the
 * whole set before anything is stored, so a file with one bad document changes nothing.
 */
export class ReferenceService {
  constructor(
    private readonly repository: ReferenceRepository,
    readonly cache: ReferenceCache,
    private readonly clock: Clock,
    /** Whether documents applied with `publish` are announced on ref.v1.* (through the outbox). */
    private readonly announces: boolean,
  ) {}

  async start(): Promise<void> {
    this.cache.load(await this.repository.loadCurrent());
  }

  parseAll(inputs: readonly unknown[], expectedKind?: ReferenceDocument['kind']): ReferenceDocument[] {
    return inputs.map((input, index) => {
      const parsed = parseReferenceDocument(input, expectedKind);
      if (!parsed.ok) throw new InvalidReferenceDocumentError(index, parsed.errors);
      return parsed.value;
    });
  }

  /** Validates raw documents (all or nothing), applies them, and fans the new ones out to peers. */
  async applyInputs(inputs: readonly unknown[], options: { publish: boolean; expectedKind?: ReferenceDocument['kind'] }): Promise<AppliedDocument[]> {
    const documents = this.parseAll(inputs, options.expectedKind);
    return this.apply(documents, options.publish && this.announces ? inputs : null);
  }

  /**
   * Stores the documents that are new, then updates the cache. With `raws` (the inputs the documents
   * were parsed from, index for index), the new ones are also announced to peers through the outbox,
   * written in the same append: a process killed after storing and before publishing still announces
   * them, where a direct publish after the store was lost for good (the retry finds them stored and
   * not new).
   */
  apply(documents: readonly ReferenceDocument[], raws: readonly unknown[] | null = null): Promise<AppliedDocument[]> {
    // One apply at a time: the REF stream reaches a process twice (the shared durable consumer and
    // its own feed), and two applies of one document side by side would both find it new and store it twice.
    const turn = this.applying.then(() => this.applyNow(documents, raws));
    this.applying = turn.catch(() => undefined);
    return turn;
  }

  private applying: Promise<unknown> = Promise.resolve();

  private async applyNow(documents: readonly ReferenceDocument[], raws: readonly unknown[] | null): Promise<AppliedDocument[]> {
    const fresh: ReferenceDocument[] = [];
    const announcements = [];
    const results: AppliedDocument[] = [];
    const staged = new ReferenceCache();
    for (const [index, document] of documents.entries()) {
      let outcome = this.cache.classify(document);
      // Two versions of one key in the same request: the later document must still be compared.
      if (outcome === 'applied') outcome = staged.apply(document);
      if (outcome === 'applied') {
        fresh.push(document);
        if (raws) announcements.push(referenceAnnouncement(document, raws[index]));
      }
      results.push({ kind: document.kind, key: keyOf(document), outcome });
    }
    if (fresh.length > 0) {
      await this.repository.append(fresh, this.clock.nowMs(), announcements);
      for (const document of fresh) this.cache.apply(document);
    }
    return results;
  }
}
