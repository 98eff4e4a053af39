/**
 * BOT-SC-06 and BOT-SC-07: images load over `https://` only, from hosts on the run's allow-list
 * (exact host names, no wildcards), and link actions open `https://` URIs.
 *
 * @see docs/spec/tpb-platform.md#121-rules §12.1
 */
import type { Check } from '../../harness/index.ts';
import { type Breach, judgeReplies, notProvoked, show } from '../bot-reply/index.ts';
import { imageUrls, linkUris } from './content-parts.ts';
import { imageHosts } from './run-options.ts';

function parse(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** BOT-SC-06: HTTPS images. */
export const httpsImagesCheck: Check = {
  ruleId: 'BOT-SC-06',
  run: (context) =>
    judgeReplies(context, 'BOT-SC-06', (views) => {
      const images = imageUrls(views);
      return {
        subjects: images.length,
        noun: 'image URLs',
        expected: 'image URLs that start with https://',
        fix: 'LivePerson shows images over HTTPS only; serve them from an https:// URL.',
        breaches: images
          .filter(({ url }) => parse(url.value)?.protocol !== 'https:')
          .map(({ view, url }) => ({
            view,
            path: url.path,
            got: `the image URL ${show(url.value)}`,
          })),
        none: notProvoked(context, 'structured-content', 'an image in structured content'),
      };
    }),
};

/** BOT-SC-07: allow-listed image hosts and HTTPS links. */
export const imageHostsCheck: Check = {
  ruleId: 'BOT-SC-07',
  run(context) {
    const { hosts, source } = imageHosts(context);
    return judgeReplies(context, 'BOT-SC-07', (views) => {
      const breaches: Breach[] = [];
      const images = imageUrls(views);
      for (const { view, url } of images) {
        const parsed = parse(url.value);
        // An image URL that does not parse is BOT-SC-06's breach.
        if (!parsed) continue;
        const host = parsed.hostname.toLowerCase();
        if (!hosts.includes(host)) {
          breaches.push({ view, path: url.path, got: `the image host "${host}"` });
        }
      }
      const links = linkUris(views);
      for (const { view, uri } of links) {
        if (parse(uri.value)?.protocol !== 'https:') {
          breaches.push({ view, path: uri.path, got: `the link URI ${show(uri.value)}` });
        }
      }
      return {
        subjects: images.length + links.length,
        noun: 'image URLs and link URIs',
        expected: `image hosts on the allow-list (${hosts.join(', ')}, from ${source}) and https:// link URIs`,
        fix: "LivePerson shows images only from the hosts of the account allow-list (messaging.rich.content.valid.urls, exact names); put the host on the run's allow-list (config imageHosts) if your account allows it, and link over HTTPS.",
        breaches,
        none: notProvoked(
          context,
          'structured-content',
          'an image or a link in structured content',
        ),
      };
    });
  },
};
