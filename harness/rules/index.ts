export { groups, matchRules, ruleById, rules, rulesInGroup, sources } from './catalogue.ts';
export { renderRulesMarkdown } from './render-rules-markdown.ts';
export type {
  Rule,
  RuleGroup,
  RuleGroupInfo,
  RuleLevel,
  Source,
  SourceKey,
  TargetKind,
} from './rule.ts';
