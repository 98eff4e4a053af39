/**
 * A conformant Custom Endpoint that takes, wherever the sources disagree, a documented but
 * non-preferred variant (custom-endpoint.md §10): the example service with its answers rewritten.
 * It must get no MUST failure, only the warnings that name each variant.
 */

import {
  classifyText,
  type EndpointAnswer,
  type ExampleCustomEndpointOptions,
  emptyAnswer,
  errorAnswer,
  jsonAnswer,
  type RunningCustomEndpoint,
  startExampleCustomEndpoint,
} from '../../../mocks/index.ts';
import type { CustomEndpointEventResponseBody } from '../../../schemas/index.ts';

type Item = CustomEndpointEventResponseBody['response'][number];

/** The variants, by the discrepancy table's numbers. */
export const variantsTaken = {
  D5: 'PUT answers 204',
  D6: 'a repeated PUT answers 204 (idempotent)',
  D10: 'a request without Authorization gets 403',
  D11: 'a bearer that is not three segments gets 400',
  D12: 'the state version is "1.0"',
  D13: 'metadata is a single object',
  D14: 'TRANSFER names an agent only (variantAgentId), no skill',
  D15: 'CHANGE_TTR uses ttrType CUSTOM with a value',
  D16: 'INVOKE_FUNCTION has no payload',
  D17: 'analytics carries no intents',
  delayOnly: 'the delay utterance is answered with a DELAY item only',
  unknownKeys: 'replies carry keys the OpenAPI does not name, at the top, in items and in data',
} as const;

/** The agent the variant bot transfers to: declare it with --agent. */
export const variantAgentId = '7007007';

export function startVariantBot(
  options: Omit<ExampleCustomEndpointOptions, 'hooks' | 'version'>,
): Promise<RunningCustomEndpoint> {
  return startExampleCustomEndpoint({
    ...options,
    version: '1.0',
    hooks: {
      answer(answer, context): EndpointAnswer {
        if (answer.kind === 'silence') return answer;
        if (answer.status === 401) {
          const authorization = context.headers.authorization;
          if (authorization === undefined) return errorAnswer(403, 'forbidden');
          const token = authorization.replace(/^\S+\s*/, '');
          if (token.split('.').length !== 3) return errorAnswer(400, 'malformed bearer token');
          return answer;
        }
        if (context.route === 'conversation' && (answer.status === 200 || answer.status === 409)) {
          return emptyAnswer(204);
        }
        if (context.route === 'event' && answer.kind === 'json' && answer.status === 200) {
          const text = context.event?.type === 'TEXT' ? context.event.message : '';
          return jsonAnswer(200, rewrite(answer.body as CustomEndpointEventResponseBody, text));
        }
        return answer;
      },
    },
  });
}

function rewrite(body: CustomEndpointEventResponseBody, text: string): unknown {
  if (classifyText(text) === 'delay') {
    return { response: [{ type: 'DELAY', data: { seconds: 1, typing: true } }], analytics: {} };
  }
  return {
    response: body.response.map(variantItem),
    analytics: { engine: 'variant' },
    traceId: 'abc-123',
  };
}

function variantItem(item: Item): unknown {
  if (item.type === 'ACTION') {
    const { data } = item;
    if (data.name === 'TRANSFER') {
      return {
        type: 'ACTION',
        data: { name: 'TRANSFER', parameters: { agentId: variantAgentId } },
      };
    }
    if (data.name === 'CHANGE_TTR') {
      return {
        type: 'ACTION',
        data: { name: 'CHANGE_TTR', parameters: { ttrType: 'CUSTOM', value: 600 } },
      };
    }
    if (data.name === 'INVOKE_FUNCTION') {
      const { payload: _payload, ...parameters } = data.parameters;
      return { type: 'ACTION', data: { name: 'INVOKE_FUNCTION', parameters } };
    }
    return item;
  }
  if (item.type === 'TEXT' || item.type === 'STRUCTURED_CONTENT') {
    const metadata = item.data.metadata;
    if (Array.isArray(metadata) && metadata.length === 1) {
      return { ...item, data: { ...item.data, metadata: metadata[0] } };
    }
  }
  return item.type === 'TEXT' ? { ...item, id: 'm-1', data: { ...item.data, lang: 'en' } } : item;
}
