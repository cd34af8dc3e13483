import { DomainError } from '@hourglass/contracts';

/** A setting that does not parse; the message names the variable and how to fix it. */
export class ConfigError extends DomainError {
  constructor(message: string) {
    super('invalid_config', message);
  }
}
