import type { CustomEndpointTEXTEvent } from '../../schemas/index.ts';

/** The bot every server of the loop rows answers for, and the bearer the clients send. */
export const benchBot = { botId: 'bench-bot', environment: 'draft', token: 'bench-token' };

/** The bot's path prefix, as the platform builds it from the wizard's bot id and environment. */
export const botPath = `/v1/bots/${benchBot.botId}/environments/${benchBot.environment}`;

/** The one valid reply every server under test answers an event with. */
export const eventReplyBody = JSON.stringify({
  response: [{ type: 'TEXT', data: { message: 'ok' } }],
  analytics: {},
});

/** The answer to GET …/state. */
export const stateReplyBody = JSON.stringify({ state: 'online', version: '1.0.0' });

/** A consumer text event, the body every client POSTs to …/conversations/{convId}/events. */
export const textEvent: CustomEndpointTEXTEvent = {
  type: 'TEXT',
  source: 'CONSUMER',
  data: { message: 'hello' },
  context: {
    lpEvent: { sequence: 1, serverTimestamp: 1_764_800_000_000, conversationId: 'bench' },
  },
};

/** The headers the platform's caller sends with an event: its bearer and the JSON body type. */
export const eventHeaders = {
  authorization: `Bearer ${benchBot.token}`,
  'content-type': 'application/json',
};
