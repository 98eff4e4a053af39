/**
 * `load --export k6 FILE`: the load scenario as a k6 script that calls the candidate directly,
 * as the platform does (E3 PUT per conversation, E4 TEXT per turn, a bearer on each), so that
 * the k6-operator can run it from many pods when one machine is not enough. The script embeds
 * no secret: the bearer comes from the TPB_TOKEN variable (`tpb-conformance token`).
 *
 * What carries over and what does not is in docs/load.md ("k6 export").
 */

/** What the script plays: the same numbers `load` was given. */
export interface K6Scenario {
  baseUrl: string;
  botId: string;
  environment: string;
  conversations: number;
  turns: number;
  rampUpMs: number;
  thinkTimeMs: number;
  /** Keep playing turns until then (each conversation goes on), as `load --duration` does. */
  durationMs?: number;
  /** The platform's timeout of one call (60 s for a Custom Endpoint). */
  timeoutMs: number;
  /** LIMIT-05's p95 budget, as a k6 threshold. */
  latencyThresholdMs: number;
  /** What the consumer says, turn after turn (cycled). */
  texts: readonly string[];
}

/** The k6 `options`: one scenario, its executor chosen by the ramp-up and the duration. */
export function k6Options(scenario: K6Scenario): Record<string, unknown> {
  const { conversations, rampUpMs, durationMs, timeoutMs, turns, thinkTimeMs } = scenario;
  // A conversation's longest life: every turn timing out, plus its pauses, plus slack.
  const conversationMs = turns * (timeoutMs + thinkTimeMs) + timeoutMs + 30_000;
  const maxDuration = `${Math.ceil((rampUpMs + (durationMs ?? 0) + conversationMs) / 1000)}s`;
  const executor =
    rampUpMs > 0
      ? {
          // The conversations start evenly over the ramp-up: one iteration is one conversation.
          executor: 'constant-arrival-rate',
          rate: conversations,
          timeUnit: `${Math.max(1, Math.round(rampUpMs))}ms`,
          duration: `${Math.max(1, Math.round(rampUpMs))}ms`,
          preAllocatedVUs: conversations,
          maxVUs: conversations,
          // The conversations started last still play their turns after the ramp-up.
          gracefulStop: maxDuration,
        }
      : {
          executor: 'per-vu-iterations',
          vus: conversations,
          iterations: 1,
          maxDuration,
        };
  return {
    scenarios: { conversations: executor },
    thresholds: {
      // LIMIT-01: every turn answered; LIMIT-05: p95 within the budget.
      tpb_turn_failed: ['rate==0'],
      tpb_turn_duration: [`p(95)<${scenario.latencyThresholdMs}`],
    },
    setupTimeout: '60s',
  };
}

/** The script's text: options, then setup (the bearer) and one conversation per iteration. */
export function renderK6Script(scenario: K6Scenario): string {
  const target = {
    baseUrl: scenario.baseUrl.replace(/\/+$/, ''),
    botId: scenario.botId,
    environment: scenario.environment,
  };
  const play = {
    turns: scenario.turns,
    thinkTimeMs: scenario.thinkTimeMs,
    durationMs: scenario.durationMs ?? 0,
    timeoutMs: scenario.timeoutMs,
    texts: scenario.texts,
  };
  return `// Written by tpb-conformance load --export k6: ${scenario.conversations} conversations of ${scenario.turns} turns against a Custom Endpoint, as LivePerson's Third-Party Bots platform calls it.
// Run: export TPB_TOKEN=$(npx tpb-conformance token --signing-key private.pem) && k6 run this-file.js
// The bearer is read from TPB_TOKEN and never written here. TPB_BASE_URL overrides the Base URL.
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Rate, Trend } from 'k6/metrics';

export const options = ${JSON.stringify(k6Options(scenario), null, 2)};

const target = ${JSON.stringify(target, null, 2)};
const play = ${JSON.stringify(play, null, 2)};

const turnDuration = new Trend('tpb_turn_duration', true);
const turnFailed = new Rate('tpb_turn_failed');

export function setup() {
  if (!__ENV.TPB_TOKEN) {
    throw new Error('Set TPB_TOKEN to a bearer the bot accepts: export TPB_TOKEN=$(npx tpb-conformance token --signing-key private.pem)');
  }
  return { startedAt: Date.now() };
}

function uuid() {
  const hex = '0123456789abcdef';
  let id = '';
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) id += '-';
    else if (i === 14) id += '4';
    else if (i === 19) id += hex[8 + Math.floor(Math.random() * 4)];
    else id += hex[Math.floor(Math.random() * 16)];
  }
  return id;
}

function conversationUrl(convId) {
  const base = (__ENV.TPB_BASE_URL || target.baseUrl).replace(/\\/+$/, '');
  return base + '/v1/bots/' + encodeURIComponent(target.botId) + '/environments/' + encodeURIComponent(target.environment) + '/conversations/' + convId;
}

function params(name) {
  return {
    headers: { Authorization: 'Bearer ' + __ENV.TPB_TOKEN, 'Content-Type': 'application/json' },
    timeout: play.timeoutMs + 'ms',
    tags: { name: name },
  };
}

// The messaging ContentEvent the platform passes through in context.lpEvent.
function lpEvent(convId, sequence, message) {
  return {
    sequence: sequence,
    serverTimestamp: Date.now(),
    event: { type: 'ContentEvent', message: message, contentType: 'text/plain' },
    conversationId: convId,
    dialogId: convId,
    metadata: [],
    messageAudience: 'ALL',
    originatorId: uuid(),
  };
}

function answered(response) {
  if (response.status !== 200) return false;
  try {
    const body = response.json();
    return Array.isArray(body.response) && body.response.length > 0;
  } catch (error) {
    return false;
  }
}

export default function (data) {
  const convId = uuid();
  const created = http.put(conversationUrl(convId), JSON.stringify({
    context: { type: 'MESSAGING', skillId: '1234567', engagementId: 1 },
  }), params('E3 create conversation'));
  if (!check(created, { 'E3 PUT answered 2xx': (r) => r.status >= 200 && r.status < 300 })) {
    turnFailed.add(true);
    return;
  }
  const until = play.durationMs > 0 ? data.startedAt + play.durationMs : 0;
  for (let turn = 0; until > 0 ? Date.now() < until : turn < play.turns; turn++) {
    const message = play.texts[turn % play.texts.length];
    const response = http.post(conversationUrl(convId) + '/events', JSON.stringify({
      type: 'TEXT',
      source: 'CONSUMER',
      data: { message: message },
      context: { lpEvent: lpEvent(convId, turn, message) },
    }), params('E4 TEXT event'));
    const ok = check(response, { 'E4 TEXT answered 200 with a reply': answered });
    turnFailed.add(!ok);
    turnDuration.add(response.timings.duration);
    if (play.thinkTimeMs > 0) sleep(play.thinkTimeMs / 1000);
  }
}
`;
}
