import { describe, expect, it } from 'vitest';
import { RunScenarios, scenarioKey } from './run-scenarios.ts';

const counted = scenarioKey<{ made: number }>('counted');
const other = scenarioKey<string>('other');

describe('RunScenarios', () => {
  it('makes a scenario once per key and keeps it for the run', () => {
    const scenarios = new RunScenarios();
    let made = 0;
    const make = () => ({ made: ++made });
    const first = scenarios.once(counted, make);
    expect(scenarios.once(counted, make)).toBe(first);
    expect(made).toBe(1);
    expect(scenarios.once(other, () => 'another key, another scenario')).toBe(
      'another key, another scenario',
    );
  });

  it('reads a scenario without making it', () => {
    const scenarios = new RunScenarios();
    expect(scenarios.get(counted)).toBeUndefined();
    const made = scenarios.once(counted, () => ({ made: 1 }));
    expect(scenarios.get(counted)).toBe(made);
  });

  it('is shared by a copy of the context that holds it, not by another store', () => {
    const context = { scenarios: new RunScenarios() };
    const copy = { ...context };
    const made = copy.scenarios.once(counted, () => ({ made: 1 }));
    expect(context.scenarios.get(counted)).toBe(made);
    expect(new RunScenarios().get(counted)).toBeUndefined();
  });
});
