/**
 * A scripted Custom Endpoint whose answer to each example utterance breaks one BOT-REPLY rule
 * (the example bots' trigger words pick the reply), and one whose answers use only documented
 * non-preferred variants.
 */
import { classifyText, sendFileIdentifier } from '../../../mocks/index.ts';
import { ceAction, ceBody, ceText, type Turn } from './candidates.ts';

/** Each utterance's reply breaks the rule named beside it. */
export function badReply(turn: Turn): unknown {
  if (turn.type === 'START') return ceBody(ceText('Welcome!'));
  if (turn.type === 'RICH_CONTENT') {
    // BOT-REPLY-13: intents present but empty.
    return { response: [ceText('Thanks.')], analytics: { intents: [] } };
  }
  if (turn.text === sendFileIdentifier) {
    // BOT-REPLY-03 (and -01): no message, only an unsupported action.
    return ceBody(ceAction('ESCALATE'));
  }
  switch (classifyText(turn.text)) {
    case 'transfer': // BOT-REPLY-04
      return ceBody(ceText('Transferring you.'), ceAction('TRANSFER', { skillName: '' }));
    case 'close': // BOT-REPLY-06
      return ceBody(ceText('Bye.'), ceAction('CLOSE_CONVERSATION', { withoutPcs: 'yes' }));
    case 'ttr': // BOT-REPLY-07
      return ceBody(ceText('Noted.'), ceAction('CHANGE_TTR', { ttrType: 'urgent' }));
    case 'invoke-function': // BOT-REPLY-08
      return ceBody(
        ceText('Looking.'),
        ceAction('INVOKE_FUNCTION', { lambdaUuid: 'not-a-uuid', payload: {} }),
      );
    case 'delay': // BOT-REPLY-09
      return ceBody({ type: 'DELAY', data: { seconds: 0 } }, ceText('Done waiting.'));
    case 'private-text': // BOT-REPLY-10
      return ceBody(ceText('A note.', { messageAudience: 'AGENTS' }), ceText('Noted.'));
    case 'fallback': // BOT-REPLY-11 and BOT-REPLY-12
      return {
        response: [ceText('   ')],
        analytics: { intents: [{ id: 'has space', description: 'Echo', confidenceScore: 2 }] },
      };
    default:
      return ceBody(ceText('Okay.'));
  }
}

/** Every reply is valid but uses a documented non-preferred variant where one exists. */
export function variantReply(turn: Turn): unknown {
  // BOT-REPLY-13: no analytics.intents (D17).
  const body = (...response: unknown[]) => ({ response, analytics: {} });
  if (turn.text === sendFileIdentifier) {
    // BOT-REPLY-03: an unsupported action beside a message is ignored.
    return body(ceText('Thanks for the file.'), ceAction('ESCALATE'));
  }
  switch (classifyText(turn.text)) {
    case 'transfer': // BOT-REPLY-04: agentId without skillName (D14)
      return body(ceText('Transferring you.'), ceAction('TRANSFER', { agentId: 'agent-1' }));
    case 'ttr': // BOT-REPLY-07: CUSTOM + value (D15), and CHANGE_TTR in chat
      return body(ceText('Noted.'), ceAction('CHANGE_TTR', { ttrType: 'CUSTOM', value: '120' }));
    case 'invoke-function': // BOT-REPLY-08: a JSON-string payload
      return body(
        ceText('Looking.'),
        ceAction('INVOKE_FUNCTION', {
          lambdaUuid: '6f1e2b7c-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
          payload: '{"reason":"example"}',
        }),
      );
    default:
      return body(ceText('Okay.'));
  }
}
