/**
 * Names one run-scoped scenario and the type of what it holds. Each suite module defines its own
 * key, so the harness stays ignorant of the suites (they sit above it) while the store is typed.
 */
export interface ScenarioKey<T> {
  /** For a reader of the code and of a debugger: which scenario this is. */
  readonly name: string;
  /** Never set: it only carries the scenario's type. */
  readonly scenario?: T;
}

/** A key for a scenario holding a `T`; define it once, at module level. */
export function scenarioKey<T>(name: string): ScenarioKey<T> {
  return Object.freeze({ name });
}

/**
 * What the checks of one run share and make once: a connector session, the LIMIT load, the SEC
 * attacks. The run owns it (`RunContext.scenarios`), so a copy of the context made for the same
 * candidate (certify's) shares it, and a context made for another candidate gets a new one.
 *
 * @example
 * const scenario = context.scenarios.once(limitScenarioKey, () => runLimitScenario(context));
 */
export class RunScenarios {
  readonly #made = new Map<ScenarioKey<unknown>, unknown>();

  /** The run's scenario of this key, made by `make` on first use and kept for the run. */
  once<T>(key: ScenarioKey<T>, make: () => T): T {
    if (this.#made.has(key)) return this.#made.get(key) as T;
    const made = make();
    this.#made.set(key, made);
    return made;
  }

  /** The run's scenario of this key if one was made, without making it. */
  get<T>(key: ScenarioKey<T>): T | undefined {
    return this.#made.get(key) as T | undefined;
  }
}
