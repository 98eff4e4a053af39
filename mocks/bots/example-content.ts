/**
 * The structured content and metadata the example bots send, shared by the custom endpoint and
 * the function so that both are judged on the same bodies.
 *
 * @see https://www.npmjs.com/package/json-pollock (the rich-content schemas; HTTPS images, quick replies)
 */

/** The only image host the example bots use; a run should put it on its image allow-list. */
export const exampleImageHost = 'static.example.com';

/** The conversation metadata sent with the card. */
export const exampleCardMetadata = [{ type: 'ExternalId', id: 'example-card-1' }];

/**
 * A json-pollock vertical card: an HTTPS image, a title text and a link button.
 *
 * @see https://www.npmjs.com/package/json-pollock
 */
export function exampleCard(): Record<string, unknown> {
  return {
    type: 'vertical',
    elements: [
      {
        type: 'image',
        url: `https://${exampleImageHost}/cards/example.png`,
        caption: 'Example card',
        tooltip: 'Example image',
      },
      { type: 'text', text: 'This is an example card.', tooltip: 'Example card' },
      {
        type: 'button',
        title: 'Learn more',
        tooltip: 'Learn more',
        click: {
          actions: [{ type: 'link', name: 'Learn more', uri: 'https://www.example.com/' }],
          metadata: [{ type: 'ExternalId', id: 'example-card-button' }],
        },
      },
    ],
  };
}

/**
 * The TPB quick-replies wrapper `{message, quickReplies}` (messaging only).
 *
 * @see LivePerson developer docs: Third-Party Bots > Custom Endpoint > Basic Content
 */
export function exampleQuickReplies(): Record<string, unknown> {
  const reply = (title: string) => ({
    type: 'button',
    tooltip: title,
    title,
    click: {
      actions: [{ type: 'publishText', text: title }],
      metadata: [{ type: 'ExternalId', id: `example-option-${title.toLowerCase()}` }],
    },
  });
  return {
    message: 'Please pick an option.',
    quickReplies: {
      type: 'quickReplies',
      itemsPerRow: 8,
      replies: [reply('Yes'), reply('No')],
    },
  };
}

/** The options offered as plain text where quick replies are not allowed (chat). */
export const exampleOptionsText = 'Please answer Yes or No.';

/** A short base64 `encodedMetadata` value (well under the 5000-character limit). */
export const exampleEncodedMetadata = Buffer.from(
  JSON.stringify({ source: 'example-bot', v: 1 }),
).toString('base64');

/** The lambda UUID the example bots invoke unless told otherwise. */
export const exampleLambdaUuid = '6f1e2b7c-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
