// A small bot on LivePerson's node-agent-sdk, unmodified, as a brand would write it. The interop
// test starts it in its own process against the mock cloud. It reports what happens as JSON
// lines on stdout, and decides by the consumer's words: "card" → structured content,
// "transfer" → transfer to TPB_TRANSFER_SKILL_ID, "close" → close, anything else → an echo.
'use strict';

const { Agent } = require('node-agent-sdk');

const env = process.env;
const report = (event, data = {}) =>
  process.stdout.write(`${JSON.stringify({ event, ...data })}\n`);

const agent = new Agent({
  accountId: env.TPB_ACCOUNT_ID,
  username: env.TPB_USERNAME,
  password: env.TPB_PASSWORD,
  csdsDomain: env.TPB_CSDS_DOMAIN,
});

const joined = new Set();
const done = (what, conversationId) => (err) => {
  if (err) report('request-failed', { what, code: err.code, type: err.type });
  else report('request-done', { what, conversationId });
};

agent.on('connected', () => {
  report('connected', { agentId: agent.agentId });
  agent.setAgentState({ availability: 'ONLINE' }, done('setAgentState'));
  agent.subscribeExConversations(
    { convState: ['OPEN'], agentIds: [agent.agentId] },
    done('subscribeExConversations'),
  );
  agent.subscribeRoutingTasks({}, done('subscribeRoutingTasks'));
});

agent.on('routing.RoutingTaskNotification', (body) => {
  for (const change of body.changes) {
    if (change.type !== 'UPSERT') continue;
    for (const ring of change.result.ringsDetails) {
      if (ring.ringState === 'WAITING') {
        agent.updateRingState(
          { ringId: ring.ringId, ringState: 'ACCEPTED' },
          done('updateRingState'),
        );
      }
    }
  }
});

agent.on('cqm.ExConversationChangeNotification', (body) => {
  for (const change of body.changes) {
    const convId = change.result.convId;
    const details = change.result.conversationDetails;
    const me = details.participants.find((p) => p.id === agent.agentId);
    if (
      change.type === 'UPSERT' &&
      details.state === 'OPEN' &&
      me &&
      me.role === 'ASSIGNED_AGENT' &&
      !joined.has(convId)
    ) {
      joined.add(convId);
      report('joined', { conversationId: convId, role: me.role });
      agent.subscribeMessagingEvents(
        { dialogId: convId, fromSeq: 0 },
        done('subscribeMessagingEvents'),
      );
    }
  }
});

agent.on('ms.MessagingEventNotification', (body) => {
  for (const change of body.changes) {
    if (change.originatorId === agent.agentId || change.event.type !== 'ContentEvent') continue;
    const text = String(change.event.message);
    const dialogId = body.dialogId;
    report('received', { conversationId: dialogId, text });
    if (text === 'card') {
      agent.publishEvent(
        {
          dialogId,
          event: {
            type: 'RichContentEvent',
            content: {
              type: 'vertical',
              elements: [
                { type: 'text', text: 'A card' },
                {
                  type: 'button',
                  title: 'Yes',
                  click: { actions: [{ type: 'publishText', text: 'yes' }] },
                },
              ],
            },
          },
        },
        null,
        [{ type: 'ExternalId', id: 'card-1' }],
        done('publishEvent', dialogId),
      );
    } else if (text === 'transfer') {
      agent.updateConversationField(
        {
          conversationId: dialogId,
          conversationField: [
            { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT' },
            { field: 'Skill', type: 'UPDATE', skill: env.TPB_TRANSFER_SKILL_ID },
          ],
        },
        done('transfer', dialogId),
      );
    } else if (text === 'close') {
      agent.updateConversationField(
        {
          conversationId: dialogId,
          conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }],
        },
        done('close', dialogId),
      );
    } else {
      agent.publishEvent(
        {
          dialogId,
          event: { type: 'ContentEvent', contentType: 'text/plain', message: `echo: ${text}` },
        },
        done('publishEvent', dialogId),
      );
    }
  }
});

agent.on('closed', (code) => report('closed', { code }));
agent.on('error', (err) => report('error', { message: err?.message }));
process.on('SIGTERM', () => {
  agent.dispose();
  process.exit(0);
});
