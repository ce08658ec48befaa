// Collects the problems that stop a plan (an unknown group, a generation that went back, an ambiguous name) so one
// run reports all of them at once instead of the first; pure, holds messages only (never a secret).
import { KeywardError, userError } from '../../kernel/errors.js';

export class PlanProblems {
  readonly #problems: KeywardError[] = [];

  add(problem: KeywardError): void {
    this.#problems.push(problem);
  }

  /** Runs `check`; a user error it throws becomes a problem (and undefined), anything else propagates. */
  collect<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (err) {
      if (err instanceof KeywardError && err.source === 'user') {
        this.add(err);
        return undefined;
      }
      throw err;
    }
  }

  /** Throws the one problem as it is, or one error listing every problem (code `plan.problems`). */
  throwIfAny(): void {
    const [first, ...rest] = this.#problems;
    if (first === undefined) return;
    if (rest.length === 0) throw first;
    throw userError(
      'plan.problems',
      `${this.#problems.length} problems stop this plan:\n${this.#problems.map((p) => `  - ${p.message}`).join('\n')}`,
      { details: { problems: this.#problems.map((p) => ({ code: p.code, message: p.message })) } },
    );
  }
}
