/**
 * What the structured-content rules take from the run: the channel the rich-content validator
 * validates for, and the image host allow-list (LivePerson's Houston key
 * `messaging.rich.content.valid.urls`).
 *
 * They come from the config keys `richContentChannel` (--rich-content-channel) and `imageHosts`
 * (--image-host, repeatable), and otherwise default to `web` and to the host of the built-in
 * example bots.
 *
 * @see ../../../shared/spec/tpb-platform.md §12.1, §12.2
 */
import type { RunContext } from '../../harness/index.ts';
import { exampleImageHost } from '../../mocks/index.ts';

/** The validator channel when the run names none. */
export const defaultRichContentChannel = 'web';

/** The allow-list when the run names none: the built-in example's image host. */
export const defaultImageHosts: readonly string[] = [exampleImageHost];

function configValue(context: RunContext, key: string): unknown {
  return (context.config as Readonly<Record<string, unknown>>)[key];
}

/** The channel to validate rich content for. */
export function richContentChannel(context: RunContext): string {
  const channel = configValue(context, 'richContentChannel');
  return typeof channel === 'string' && channel !== '' ? channel : defaultRichContentChannel;
}

/** The image hosts allowed in this run (exact host names, no wildcards), and where they came from. */
export function imageHosts(context: RunContext): { hosts: readonly string[]; source: string } {
  const hosts = configValue(context, 'imageHosts');
  if (Array.isArray(hosts) && hosts.every((host) => typeof host === 'string')) {
    return { hosts: hosts.map((host: string) => host.toLowerCase()), source: 'the run config' };
  }
  return { hosts: defaultImageHosts, source: "the default (the built-in example's host)" };
}
