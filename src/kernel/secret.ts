// A secret value in memory: it refuses to be printed, logged, serialised or inspected.
// The only way to the value is an explicit reveal(), called by a store at the moment of writing.
import { inspect } from 'node:util';

const REDACTED = '[secret]';

export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The raw value. Call only where the value leaves for its destination (store write, sealed box). */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return REDACTED;
  }
}
