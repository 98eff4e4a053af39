/**
 * Scripted Custom Endpoint replies for the structured-content tests: one whose content breaks
 * the BOT-SC rules, one whose metadata uses the single-object variant.
 */
import { classifyText, exampleCard, exampleEncodedMetadata } from '../../../mocks/index.ts';
import {
  ceBody,
  ceStructured,
  ceText,
  type Turn,
} from '../../bot-reply/test-support/candidates.ts';

/** A valid json-pollock card of more than 15000 bytes, with an off-list image and an http link. */
function bigCard(): Record<string, unknown> {
  return {
    type: 'vertical',
    elements: [
      { type: 'image', url: 'https://cdn.other.example/big.png', tooltip: 'Big' },
      ...Array.from({ length: 4 }, () => ({ type: 'text', text: 'x'.repeat(4000) })),
      {
        type: 'button',
        title: 'Open',
        click: { actions: [{ type: 'link', name: 'Open', uri: 'http://www.example.com/' }] },
      },
    ],
  };
}

/** Each utterance's reply breaks the BOT-SC rules named beside it. */
export function badContentReply(turn: Turn): unknown {
  if (turn.type === 'START') return ceBody(ceText('Welcome!'));
  switch (classifyText(turn.text)) {
    case 'structured-content':
      return ceBody(
        // BOT-SC-01 and -02: not a json-pollock element type.
        ceStructured({ type: 'vertical', elements: [{ type: 'bogus' }] }),
        // BOT-SC-07 (host, http link), -08 (size), -09 (metadata without type).
        ceStructured(bigCard(), { metadata: [{ id: 'no-type' }] }),
      );
    case 'quick-replies': // BOT-SC-04 and -05 (messaging only, so BOT-SC-03 holds)
      return turn.channel === 'CHAT'
        ? ceBody(ceText('Yes or no?'))
        : ceBody(
            ceStructured({
              message: '',
              quickReplies: { type: 'quickReplies', itemsPerRow: 1.5, replies: [] },
            }),
          );
    case 'encoded-metadata': // BOT-SC-10 in messaging, BOT-SC-11 in chat
      return ceBody(
        ceText('Here is some metadata.', {
          encodedMetadata: turn.channel === 'CHAT' ? exampleEncodedMetadata : 'not base64!',
        }),
      );
    default:
      return ceBody(ceText('Okay.'));
  }
}

/** The example card with its metadata as a single object (D13). */
export function singleMetadataReply(turn: Turn): unknown {
  if (classifyText(turn.text) === 'structured-content') {
    return ceBody(ceStructured(exampleCard(), { metadata: { type: 'ExternalId', id: 'card-1' } }));
  }
  return ceBody(ceText(turn.type === 'START' ? 'Welcome!' : 'Okay.'));
}
