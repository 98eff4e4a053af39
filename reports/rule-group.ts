/**
 * The catalogue group of a rule: its ID without the number.
 *
 * @example
 * ruleGroup('CE-ROUTE-01'); // 'CE-ROUTE'
 * ruleGroup('UMS-12'); // 'UMS'
 */
export function ruleGroup(ruleId: string): string {
  return ruleId.replace(/-[0-9]+$/, '');
}
