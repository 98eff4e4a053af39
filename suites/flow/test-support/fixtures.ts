// Broken candidates for the FLOW tests where the zoo has none: the example Custom Endpoint with
// one hook each. Each starts like a zoo bot (mock JWKS) through `brokenFlowContext`.
import { type BuiltContext, buildContext } from '../../../harness/index.ts';
import {
  type ExampleCustomEndpointHooks,
  errorAnswer,
  jsonAnswer,
  sendFileIdentifier,
  startExampleCustomEndpoint,
} from '../../../mocks/index.ts';
import type { CustomEndpointEventResponseBody } from '../../../schemas/index.ts';

const rewriteEventReplies = (
  rewrite: (body: CustomEndpointEventResponseBody) => unknown,
  status = 200,
): ExampleCustomEndpointHooks => ({
  answer: (answer, context) =>
    context.route === 'event' && answer.kind === 'json' && answer.status === 200
      ? jsonAnswer(status, rewrite(answer.body as CustomEndpointEventResponseBody))
      : answer,
});

/** Hooks of each broken candidate, by name; a function so that per-instance state is fresh. */
export const flowFixtures = {
  /** FLOW-05: 500 to consumer rich content and to the consumer-file identifier. */
  'crashes-on-consumer-content': (): ExampleCustomEndpointHooks => ({
    answer: (answer, context) =>
      context.event?.type === 'RICH_CONTENT' ||
      (context.event?.type === 'TEXT' && context.event.message === sendFileIdentifier)
        ? errorAnswer(500, 'internal error')
        : answer,
  }),
  /** FLOW-06, FLOW-07, FLOW-08: answers with the messages but drops every action. */
  'drops-actions': (): ExampleCustomEndpointHooks =>
    rewriteEventReplies((body) => ({
      ...body,
      response: body.response.filter((item) => item.type !== 'ACTION'),
    })),
  /** FLOW-08 variant: CHANGE_TTR with the legacy ttrType CUSTOM and a value. */
  'custom-ttr': (): ExampleCustomEndpointHooks =>
    rewriteEventReplies((body) => ({
      ...body,
      response: body.response.map((item) =>
        item.type === 'ACTION' && item.data.name === 'CHANGE_TTR'
          ? {
              type: 'ACTION',
              data: { name: 'CHANGE_TTR', parameters: { ttrType: 'CUSTOM', value: 600 } },
            }
          : item,
      ),
    })),
  /** FLOW-09: answers 200 (an empty reply) to events of conversations it never created. */
  'answers-unknown-conversations': (): ExampleCustomEndpointHooks => ({
    answer: (answer, context) =>
      context.route === 'event' && answer.kind === 'json' && answer.status === 404
        ? jsonAnswer(200, {
            response: [{ type: 'TEXT', data: { message: 'Hello!' } }],
          })
        : answer,
  }),
  /** FLOW-09 and FLOW-11 variant: every successful event reply has status 202. */
  'answers-events-202': (): ExampleCustomEndpointHooks => rewriteEventReplies((body) => body, 202),
  /** FLOW-11: 409 to an event it has seen before (the same body for the same conversation). */
  'rejects-repeated-events': (): ExampleCustomEndpointHooks => {
    const seen = new Set<string>();
    return {
      answer: (answer, context) => {
        if (context.route !== 'event' || !context.event) return answer;
        const key = `${context.params.convId} ${JSON.stringify(context.event)}`;
        if (seen.has(key)) return errorAnswer(409, 'duplicate event');
        seen.add(key);
        return answer;
      },
    };
  },
  /** FLOW-12: reports "online" on its first state check only, "offline" ever after. */
  'offline-after-start': (): ExampleCustomEndpointHooks => {
    let checks = 0;
    return {
      answer: (answer, context) =>
        context.route === 'state' && answer.kind === 'json' && answer.status === 200
          ? ++checks === 1
            ? answer
            : jsonAnswer(200, { state: 'offline', version: '1.0.0' })
          : answer,
    };
  },
} as const;

export type FlowFixture = keyof typeof flowFixtures;

/** A run context for one of the broken candidates above (timeouts short, as in the suites). */
export function brokenFlowContext(name: FlowFixture, timeoutMs = 2000): Promise<BuiltContext> {
  return buildContext(
    { timeoutMs },
    {
      startCandidate: (cloud) =>
        startExampleCustomEndpoint({
          auth: { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem },
          hooks: flowFixtures[name](),
        }),
    },
  );
}
