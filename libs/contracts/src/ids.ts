/**
 * Ids as a port, beside the clock: services ask for a new id instead of calling randomUUID(), so a
 * test can make them deterministic and a retry can be given the id of the first attempt.
 */
export interface IdGenerator {
  /** A new id, unique within the process's lifetime and across processes for the random generator. */
  newId(): string;
}
