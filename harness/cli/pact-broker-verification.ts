import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../harness-error.ts';
import type { InteractionOutcome } from '../pact/pact-verification.ts';
import { toolVersion } from '../tool-version.ts';
import type { HalResource, PactBrokerClient } from './pact-broker-client.ts';

/** A pact the broker asked the provider to verify, saved to a file for the Verifier. */
export interface BrokerPact {
  file: string;
  /** The broker's words for it: which consumer version and why it was selected. */
  name: string;
  /** Where its verification results go (`pb:publish-verification-results`). */
  resultsHref: string;
}

/**
 * The consumer versions a provider verifies when none are named: what is on the consumer's main
 * branch and what is deployed or released, as Pact's own verifiers recommend.
 *
 * @see https://docs.pact.io/pact_broker/advanced_topics/consumer_version_selectors
 */
const defaultSelectors = [{ mainBranch: true }, { deployedOrReleased: true }] as const;

/**
 * Asks the broker which pacts `provider` must verify (`pb:provider-pacts-for-verification`),
 * fetches each and writes it into `dir`. Throws when the broker has none.
 */
export async function fetchPactsForVerification(
  broker: PactBrokerClient,
  provider: string,
  dir: string,
): Promise<BrokerPact[]> {
  const action = `fetch the pacts ${provider} must verify`;
  const href = broker.link(
    await broker.index(action),
    'pb:provider-pacts-for-verification',
    action,
    { provider },
  );
  const answer = await broker.request('POST', href, action, {
    body: { consumerVersionSelectors: defaultSelectors },
    notFound: `The broker knows no provider named "${provider}": check --provider.`,
  });
  const listed = ((answer._embedded as { pacts?: unknown } | undefined)?.pacts ?? []) as {
    shortDescription?: string;
    _links?: { self?: { href?: string } };
  }[];
  const pacts: BrokerPact[] = [];
  for (const [index, entry] of listed.entries()) {
    const self = entry._links?.self?.href;
    if (typeof self !== 'string') continue;
    const content = await broker.request('GET', self, action);
    const file = join(dir, `broker-pact-${index + 1}.json`);
    await writeFile(file, JSON.stringify(content), 'utf8');
    pacts.push({
      file,
      name: entry.shortDescription ?? self,
      resultsHref: broker.link(content, 'pb:publish-verification-results', action),
    });
  }
  if (pacts.length === 0) {
    throw new HarnessError(
      'TPB_BROKER',
      `Failed to ${action}: the broker selected no pact (selectors: the consumer's main branch, and what is deployed or released). Publish one with "tpb-conformance pact publish" first.`,
    );
  }
  return pacts;
}

/** The provider's version, and its branch, as the results are recorded against them. */
export interface ProviderVersion {
  provider: string;
  version: string;
  branch?: string;
}

/**
 * Records the provider version's branch (`pb:pacticipant-branch-version`), once, before any
 * results are published, so that can-i-deploy and the selectors know where the version came from.
 */
export async function recordProviderBranch(
  broker: PactBrokerClient,
  { provider, version, branch }: ProviderVersion,
): Promise<void> {
  if (branch === undefined) return;
  const action = `record branch ${branch} of ${provider} version ${version}`;
  const href = broker.link(await broker.index(action), 'pb:pacticipant-branch-version', action, {
    pacticipant: provider,
    branch,
    version,
  });
  await broker.request('PUT', href, action, { body: {} });
}

/**
 * Publishes the outcome of one pact's verification to its `pb:publish-verification-results`: the
 * broker's matrix, and so can-i-deploy, read it from there.
 */
export async function publishVerificationResults(
  broker: PactBrokerClient,
  pact: BrokerPact,
  interactions: readonly InteractionOutcome[],
  { version }: ProviderVersion,
): Promise<HalResource> {
  return broker.request('POST', pact.resultsHref, `publish the results of ${pact.name}`, {
    body: {
      success: interactions.every((interaction) => interaction.passed),
      providerApplicationVersion: version,
      verifiedBy: { implementation: 'tpb-conformance', version: toolVersion },
      testResults: interactions.map(({ description, passed, mismatches }) => ({
        interactionDescription: description,
        success: passed,
        ...(passed
          ? {}
          : { mismatches: mismatches.map((mismatch) => ({ description: mismatch })) }),
      })),
    },
  });
}
