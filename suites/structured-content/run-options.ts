/**
 * The image host allow-list the structured-content rules check against (LivePerson's Houston key
 * `messaging.rich.content.valid.urls`): the config key `imageHosts` (--image-host, repeatable),
 * else the harness's default, the host of the built-in example bots (harness/config/defaults.ts).
 * The validator's channel is the config's `richContentChannel` as it stands.
 *
 * @see docs/spec/tpb-platform.md#121-rules §12.1, §12.2
 */
import { isSet, type RunContext } from '../../harness/index.ts';

/** The image hosts allowed in this run (exact host names, no wildcards), and where they came from. */
export function imageHosts(context: RunContext): { hosts: readonly string[]; source: string } {
  const { config } = context;
  return isSet(config, 'imageHosts')
    ? { hosts: config.imageHosts.map((host) => host.toLowerCase()), source: 'the run config' }
    : { hosts: config.imageHosts, source: "the default (the built-in example's host)" };
}
