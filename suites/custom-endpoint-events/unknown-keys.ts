/**
 * The keys of a Custom Endpoint reply that LivePerson's OpenAPI does not name. The platform reads
 * replies tolerantly (decision 0007), so they change nothing; CE-EVENT-03 reports them as a
 * warning, because a misspelt key (`mesage`, `skill`) is usually a bug. The known keys are read
 * from schemas/ce-event-response.schema.json, the one description of the shape.
 *
 * @see ../../docs/decisions/0007-tolerant-reading.md
 */
import { readSchemaFiles } from '../../schemas/index.ts';

type Node = { properties?: Record<string, Node>; $ref?: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

let known: ReturnType<typeof readKnownKeys> | undefined;

function readKnownKeys() {
  const file = readSchemaFiles().find((each) => each.name === 'ce-event-response');
  const root = file?.document as unknown as Node & { $defs: Record<string, Node> };
  const defs = root.$defs;
  const keys = (node: Node | undefined): string[] => Object.keys(node?.properties ?? {});
  const data = (def: string) => keys(defs[def]?.properties?.data);
  const parameters = (def: string) => keys(defs[def]?.properties?.parameters);
  return {
    top: keys(root),
    item: keys(defs.textItem),
    data: {
      TEXT: data('textItem'),
      STRUCTURED_CONTENT: data('structuredContentItem'),
      DELAY: data('delayItem'),
    } as Record<string, string[]>,
    action: keys(defs.transferAction),
    parameters: {
      TRANSFER: keys(defs.transferParameters),
      CLOSE_CONVERSATION: parameters('closeConversationAction'),
      CHANGE_TTR: keys(defs.customTtrParameters),
      INVOKE_FUNCTION: parameters('invokeFunctionAction'),
    } as Record<string, string[]>,
    analytics: keys(defs.analytics),
    intent: keys(defs.intent),
  };
}

/** JSON Pointers of the keys of `body` that the documented reply shape does not name. */
export function unknownKeys(body: unknown): string[] {
  known ??= readKnownKeys();
  const k = known;
  const found: string[] = [];
  const extra = (value: unknown, names: readonly string[], path: string) => {
    if (!isObject(value)) return;
    for (const key of Object.keys(value)) if (!names.includes(key)) found.push(`${path}/${key}`);
  };
  if (!isObject(body)) return found;
  extra(body, k.top, '');
  if (Array.isArray(body.response)) {
    body.response.forEach((item, index) => {
      const path = `/response/${index}`;
      if (!isObject(item)) return;
      extra(item, k.item, path);
      const type = String(item.type);
      if (type === 'ACTION') {
        extra(item.data, k.action, `${path}/data`);
        const name = isObject(item.data) ? String(item.data.name) : '';
        const names = k.parameters[name];
        if (names && isObject(item.data))
          extra(item.data.parameters, names, `${path}/data/parameters`);
      } else {
        const names = k.data[type];
        if (names) extra(item.data, names, `${path}/data`);
      }
    });
  }
  extra(body.analytics, k.analytics, '/analytics');
  if (isObject(body.analytics) && Array.isArray(body.analytics.intents)) {
    body.analytics.intents.forEach((intent, index) => {
      extra(intent, k.intent, `/analytics/intents/${index}`);
    });
  }
  return found;
}
