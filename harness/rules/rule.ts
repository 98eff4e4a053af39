/**
 * The shape of one row of the rule catalogue.
 * @see docs/rules.md (generated from this catalogue)
 */

import type { HarnessConfig, RuleLevel } from '../../schemas/index.ts';

// Both unions are already described by our schemas (finding.schema.json `level`, harness-config
// `kind`), so they are taken from the generated types instead of being written a second time.
export type { RuleLevel };

/** The candidate kinds a rule applies to, as `tpb-conformance run --kind` names them. */
export type TargetKind = NonNullable<HarnessConfig['kind']>;

/** The prefix a rule ID starts with; one table of the catalogue each. */
export type RuleGroup =
  | 'CE-ROUTE'
  | 'CE-AUTH'
  | 'CE-STATE'
  | 'CE-CONV'
  | 'CE-EVENT'
  | 'BOT-REPLY'
  | 'BOT-SC'
  | 'FLOW'
  | 'LIMIT'
  | 'FAAS'
  | 'UMS'
  | 'SEC';

/** A key of the catalogue's source table, naming a document a rule is taken from. */
export type SourceKey =
  | 'OAS'
  | 'REF'
  | 'CE-INTRO'
  | 'CE-SI'
  | 'CE-BC'
  | 'CE-AF'
  | 'GS'
  | 'BT'
  | 'ERR'
  | 'CT'
  | 'PAPI'
  | 'BSD'
  | 'DF-BC'
  | 'CI'
  | 'FN-INTRO'
  | 'FN-BC'
  | 'FN-AF'
  | 'FN-ES'
  | 'FAAS-UG'
  | 'BC-GS'
  | 'OAUTH'
  | 'RETRY'
  | 'DOMAIN'
  | 'LOGIN'
  | 'AGENT-API'
  | 'SDK'
  | 'JP'
  | 'RCV'
  | 'RFC'
  | 'OWASP'
  | 'POLICY';

/** One check of the harness, exactly as the catalogue states it. */
export interface Rule {
  /** Stable ID, never renumbered or reused, e.g. `CE-ROUTE-01`. */
  readonly id: string;
  readonly group: RuleGroup;
  /** A few words naming what the rule wants, for test names and the terminal ("Routes served"). */
  readonly title: string;
  /** MUST fails the run, SHOULD warns (fails only under `--strict`), INFO never fails. */
  readonly level: RuleLevel;
  /** The one-sentence check (markdown code spans kept). */
  readonly check: string;
  readonly targets: readonly TargetKind[];
  /** Keys into `sources`, the documents the rule is taken from. */
  readonly sources: readonly SourceKey[];
  /** The public documentation of those sources, each URL once: where a reader learns the fix. */
  readonly docs: readonly string[];
  /**
   * The conversation types the rule is about, when it concerns only one: a bot configured for the
   * other type only (`--conversation-type`) skips it as not applicable. Our addition, not a
   * column of the rule table.
   */
  readonly conversationTypes?: readonly ConversationType[];
  /**
   * The optional features the rule judges, when it judges only those: a run whose bot states it
   * uses none of them (`--unused`) and that found nothing to judge skips the rule as not
   * applicable. Not a column of the rule table.
   */
  readonly features?: readonly Feature[];
}

/** An optional feature of a bot, named by its utterance key (harness-config `unused`). */
export type Feature = NonNullable<HarnessConfig['unused']>[number];

/** The platform's two conversation types; a bot is configured for one or both. */
export type ConversationType = 'chat' | 'messaging';

/** One row of the source table: what a source key stands for and where it is published. */
export interface Source {
  readonly key: SourceKey;
  readonly title: string;
  /** Public https URLs of the document; empty only for the harness's own policy. */
  readonly docs: readonly string[];
}

/** A group's heading in the catalogue, and the note that applies to all its rules. */
export interface RuleGroupInfo {
  readonly group: RuleGroup;
  readonly title: string;
  readonly note?: string;
}
