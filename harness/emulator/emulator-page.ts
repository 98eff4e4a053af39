import { createHash } from 'node:crypto';
import { htmlReportStyle } from '../../reports/index.ts';

// The emulator's page: one HTML document with its style and script inline. Its
// Content-Security-Policy lets only these run, and the page talks to nothing but its own server.
// Every bot string is put in as text; structured content arrives as HTML the server drew with
// the report's escaping renderer.

const emulatorStyle = `
.emu { display: grid; grid-template-columns: minmax(320px, 1fr) minmax(360px, 1.2fr); gap: 16px; padding: 16px; max-width: 1400px; margin: 0 auto; }
.chat, .platform { background: var(--card); border: 1px solid var(--border); border-radius: 10px; display: flex; flex-direction: column; min-height: 80vh; }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 10px 12px; border-bottom: 1px solid var(--border); }
.controls input { width: 12em; }
.messages { list-style: none; margin: 0; padding: 12px; flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: 8px; }
.msg { max-width: 80%; padding: 8px 12px; border-radius: 14px; white-space: pre-wrap; word-break: break-word; }
.msg.consumer { align-self: flex-end; background: #0969da; color: #fff; }
.msg.bot { align-self: flex-start; background: #eff2f5; }
.msg.private { align-self: flex-start; background: #fff8c5; font-style: italic; }
.msg.system { align-self: center; background: none; color: var(--muted); font-size: 12px; }
.msg.escalation { align-self: center; color: var(--fail); font-size: 12px; }
.qr-buttons { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.qr-button { border: 1px solid #0969da; color: #0969da; background: #fff; border-radius: 999px; padding: 2px 10px; cursor: pointer; }
.typing { padding: 0 12px 6px; color: var(--muted); font-style: italic; }
.composer { display: flex; gap: 8px; padding: 10px 12px; border-top: 1px solid var(--border); }
.composer input { flex: 1; }
.error { color: var(--fail); padding: 0 12px; }
.platform h2 { padding: 10px 12px; margin: 0; border-bottom: 1px solid var(--border); font-size: 15px; }
.turns { padding: 12px; overflow-y: auto; display: flex; flex-direction: column; gap: 12px; }
.turn { border: 1px solid var(--border-soft); border-radius: 8px; padding: 8px 10px; }
.turn h3 { margin: 0 0 6px; font-size: 13px; }
.turn pre { max-height: 12em; overflow: auto; background: var(--code-bg); padding: 6px; border-radius: 6px; margin: 4px 0; }
.verdict { display: block; font-size: 12.5px; }
.verdict[data-status="fail"] { color: var(--fail); }
.verdict[data-status="pass-with-warning"] { color: var(--warn); }
.verdict[data-status="pass"] { color: var(--pass); }
.state-line { font-size: 12px; color: var(--muted); }
.call-line { display: block; word-break: break-all; }
`;

const emulatorScript = `
(() => {
  const token = new URLSearchParams(location.search).get('token') || '';
  const $ = (id) => document.getElementById(id);
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  let busy = false;
  const pretty = (text) => {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch (error) {
      return text;
    }
  };

  async function api(path, body) {
    const response = await fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-emulator-token': token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error || 'HTTP ' + response.status);
    return answer;
  }

  function consumerText(input) {
    switch (input.kind) {
      case 'text': return input.text;
      case 'quick-reply': return input.text;
      case 'rich-content': return 'Shared: ' + (input.content.type || 'rich content');
      case 'file': return 'Shared a file: ' + (input.file.caption || input.file.relativePath);
      default: return undefined;
    }
  }

  function systemText(input) {
    switch (input.kind) {
      case 'open': return 'The conversation opened (welcome event)';
      case 'transfer-in': return 'An agent transferred the conversation to the bot' + (input.lastConsumerMessage ? ' (last message: "' + input.lastConsumerMessage + '")' : '');
      case 'close': return 'The consumer closed the conversation';
      default: return undefined;
    }
  }

  function quickReplyButtons(quickReplies, enabled) {
    const row = el('div', 'qr-buttons');
    for (const reply of (quickReplies && Array.isArray(quickReplies.replies) ? quickReplies.replies : [])) {
      const actions = reply && reply.click && Array.isArray(reply.click.actions) ? reply.click.actions : [];
      const publish = actions.find((action) => action && action.type === 'publishText');
      const text = (publish && publish.text) || reply.title;
      if (typeof text !== 'string' || !text) continue;
      const button = el('button', 'qr-button', String(reply.title || text));
      button.type = 'button';
      button.disabled = !enabled;
      const metadata = reply.click && Array.isArray(reply.click.metadata) ? reply.click.metadata : undefined;
      button.addEventListener('click', () => play({ kind: 'quick-reply', text, ...(metadata ? { metadata } : {}) }));
      row.append(button);
    }
    return row;
  }

  function botMessage(entry, last) {
    const { item, html } = entry;
    switch (item.kind) {
      case 'text': {
        const node = el('li', 'msg bot', item.text);
        if (item.quickReplies) node.append(quickReplyButtons(item.quickReplies, last));
        return node;
      }
      case 'private-text': return el('li', 'msg private', 'Private (agents only): ' + item.text);
      case 'structured-content': {
        const node = el('li', 'msg bot card');
        node.innerHTML = html || '';
        if (item.quickReplies) node.append(quickReplyButtons(item.quickReplies, last));
        return node;
      }
      case 'transfer': return el('li', 'msg system', 'Transferred to skill ' + item.skill);
      case 'ttr': return el('li', 'msg system', 'Time to respond set to ' + item.ttrType);
      case 'close': return el('li', 'msg system', 'The bot closed the conversation');
      case 'escalation': return el('li', 'msg escalation', 'Escalated: ' + item.code);
      default: return el('li', 'msg system', item.kind);
    }
  }

  function renderChat(state) {
    const list = $('messages');
    list.replaceChildren();
    state.turns.forEach((turn, index) => {
      const said = consumerText(turn.consumer);
      if (said !== undefined) list.append(el('li', 'msg consumer', said));
      const happened = systemText(turn.consumer);
      if (happened !== undefined) list.append(el('li', 'msg system', happened));
      const last = index === state.turns.length - 1 && state.open;
      for (const entry of turn.bot) list.append(botMessage(entry, last));
    });
    list.scrollTop = list.scrollHeight;
  }

  function renderPanel(state) {
    const turns = $('turns');
    turns.replaceChildren();
    state.turns.forEach((turn, index) => {
      const card = el('article', 'turn');
      card.dataset.turn = String(index + 1);
      card.append(el('h3', '', 'Turn ' + (index + 1) + ': ' + turn.consumer.kind + (consumerText(turn.consumer) ? ' "' + consumerText(turn.consumer) + '"' : '')));
      const c = turn.conversation;
      card.append(el('div', 'state-line', 'Conversation ' + c.id + ' · ' + c.channel + ' · ' + c.state + ' · skill ' + c.skill + ' · TTR ' + c.ttr));
      for (const call of turn.calls) {
        card.append(el('h4', '', 'Request to the candidate'));
        card.append(el('code', 'call-line', call.method + ' ' + call.url));
        if (call.requestBody) card.append(el('pre', 'request', pretty(call.requestBody)));
        card.append(el('h4', '', call.status !== undefined ? 'Reply ' + call.status + ' in ' + call.durationMs + ' ms' : 'No reply: ' + (call.error || 'none')));
        if (call.responseBody) card.append(el('pre', 'reply', pretty(call.responseBody)));
      }
      if (turn.verdicts.length > 0) {
        card.append(el('h4', '', 'Rule verdicts on this reply'));
        for (const verdict of turn.verdicts) {
          const line = el('span', 'verdict', verdict.status.toUpperCase() + ' ' + verdict.ruleId + (verdict.title ? ' ' + verdict.title : '') + (verdict.status === 'pass' ? '' : ': ' + verdict.message));
          line.dataset.status = verdict.status;
          line.dataset.rule = verdict.ruleId;
          card.append(line);
        }
      }
      for (const escalation of turn.escalations) {
        card.append(el('div', 'verdict escalation-code', 'Escalated with ' + escalation.code + ': ' + escalation.detail)).dataset.status = 'fail';
      }
      turns.prepend(card);
    });
  }

  function render(state) {
    $('channel').value = state.channel;
    renderChat(state);
    renderPanel(state);
    const started = state.turns.length > 0;
    $('text').disabled = busy || (started && !state.open);
    $('close').disabled = busy || !state.open;
    $('open').hidden = state.channel !== 'chat';
    $('open').disabled = busy || started;
    $('transfer-row').hidden = state.channel !== 'messaging';
    $('transfer').disabled = busy || started;
    $('share-location').disabled = busy || !state.open;
    $('share-file').disabled = busy || !state.open;
  }

  async function run(work) {
    busy = true;
    $('typing').hidden = false;
    $('error').hidden = true;
    try {
      render(await work());
    } catch (error) {
      $('error').textContent = error.message;
      $('error').hidden = false;
    } finally {
      busy = false;
      $('typing').hidden = true;
      render(await api('/api/state'));
    }
  }

  const play = (input) => run(() => api('/api/play', { input }));

  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('text').value.trim();
    if (!text) return;
    $('text').value = '';
    play({ kind: 'text', text });
  });
  $('open').addEventListener('click', () => play({ kind: 'open' }));
  $('transfer').addEventListener('click', () => {
    const last = $('last').value.trim();
    play({ kind: 'transfer-in', ...(last ? { lastConsumerMessage: last } : {}) });
  });
  $('close').addEventListener('click', () => play({ kind: 'close' }));
  $('share-location').addEventListener('click', () =>
    play({ kind: 'rich-content', content: { type: 'vertical', elements: [{ type: 'map', la: 52.52, lo: 13.405, alt: 'My location' }] } }));
  $('share-file').addEventListener('click', () =>
    play({ kind: 'file', file: { relativePath: '/files/receipt.jpg', fileType: 'JPEG', caption: 'my receipt' } }));
  $('new').addEventListener('click', () => run(() => api('/api/restart', { channel: $('channel').value })));
  $('channel').addEventListener('change', () => run(() => api('/api/restart', { channel: $('channel').value })));
  $('save').href = '/api/transcript?token=' + encodeURIComponent(token);
  api('/api/state').then(render, (error) => {
    $('error').textContent = error.message;
    $('error').hidden = false;
  });
})();
`;

const hash = (text: string) =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The page's policy: its own style and script, requests to its own server, inline images. */
export const emulatorPagePolicy = [
  "default-src 'none'",
  `style-src ${hash(htmlReportStyle)} ${hash(emulatorStyle)}`,
  `script-src ${hash(emulatorScript)}`,
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The emulator's page; `target` is the candidate in words (escaped by the caller). */
export function emulatorPage(targetHtml: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tpb-conformance emulator</title>
<style>${htmlReportStyle}</style>
<style>${emulatorStyle}</style>
</head>
<body>
<header class="topbar"><div class="wrap"><div class="brand">tpb-conformance<span>emulator · ${targetHtml}</span></div></div></header>
<main class="emu">
<section class="chat" aria-label="Chat">
<div class="controls">
<label>Conversation <select id="channel"><option value="messaging">Messaging</option><option value="chat">Chat</option></select></label>
<button type="button" id="new">New conversation</button>
<button type="button" id="open">Open (welcome event)</button>
<span id="transfer-row"><input id="last" placeholder="Consumer's last message" aria-label="Consumer's last message"> <button type="button" id="transfer">Transfer in</button></span>
<button type="button" id="close">Close</button>
<a id="save" download="transcript.json" href="#">Save transcript</a>
</div>
<ol id="messages" class="messages" aria-live="polite"></ol>
<div id="typing" class="typing" hidden>The bot is typing…</div>
<form id="composer" class="composer"><input id="text" autocomplete="off" placeholder="Type a message" aria-label="Message"><button type="submit">Send</button><button type="button" id="share-location">Share location</button><button type="button" id="share-file">Share file</button></form>
<p id="error" class="error" role="alert" hidden></p>
</section>
<section class="platform" aria-label="Platform panel"><h2>Platform: requests, replies and rule verdicts per turn</h2><div id="turns" class="turns"></div></section>
</main>
<script>${emulatorScript}</script>
</body>
</html>
`;
}
