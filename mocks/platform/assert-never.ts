/**
 * The `default` of a `switch` over a closed union (the target kind, the engine's vendor kind):
 * its parameter is `never`, so adding a member to the union fails to compile at every switch that
 * does not handle it, instead of falling silently into another member's branch. It throws only
 * when a value outside the type arrives at run time (an unchecked cast or JSON).
 *
 * @example
 * switch (target.kind) {
 *   case 'custom-endpoint': return …;
 *   case 'faas': return …;
 *   case 'connector': return …;
 *   default: return assertNever(target);
 * }
 */
export function assertNever(value: never): never {
  throw new TypeError(
    `Failed to handle ${JSON.stringify(value)}: no branch for it. Handle the new member of the union at this switch.`,
  );
}
