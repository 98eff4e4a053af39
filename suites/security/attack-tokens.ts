import {
  createPrivateKey,
  createPublicKey,
  type JsonWebKey,
  KeyObject,
  randomBytes,
} from 'node:crypto';
import { type CryptoKey, decodeJwt, decodeProtectedHeader, type JWK, SignJWT } from 'jose';
import type { RunContext, TokenMinter } from '../../harness/index.ts';
import type { Credentials } from '../custom-endpoint-auth/index.ts';
import { type AttackerKey, attackerKey, startAttackerKeyHost } from './attacker-keys.ts';

/** One forged or broken credential, sent to every route. */
export interface Attack {
  /** Names the attack in messages: `alg "none"`, `expired 600 s ago`. */
  name: string;
  credentials: Credentials;
}

/** The attacks of one rule, or why the run cannot make them. */
export interface RuleAttacks {
  attacks: Attack[];
  /** Set when the rule needs what the run lacks (the key the candidate trusts). */
  missing?: string;
  /** Variants left out, and why. */
  notes: string[];
  /** SEC-09: the attacker's key host (`jku`, `x5u`) and what it was asked for. */
  host?: { fetches(): string[]; close(): Promise<void> };
}

/** What the attack tokens are made from. */
export interface TokenMaterial {
  minter?: TokenMinter;
  /** A token the candidate must accept (minted, or the real Sentinel bearer). */
  validToken: string;
  /** The claims of a valid token right now. */
  claims: () => Record<string, unknown>;
  /** The kid the candidate's key is known by, when tokens carry one. */
  kid?: string;
  /** The trusted private key as a KeyObject (any RSA algorithm can sign with it). */
  trustedKey?: KeyObject;
  /** The trusted public key, as a PEM and as a JWK (the published JWKS entry when there is one). */
  trustedPublicPem?: string;
  trustedPublicJwk?: JWK;
  attacker: AttackerKey;
}

const base64url = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** A KeyObject for the minter's key, when it is an RSA private key. */
function trustedKeyObject(key: TokenMinter['options']['privateKey']): KeyObject | undefined {
  try {
    if (key instanceof KeyObject) return key.type === 'private' ? key : undefined;
    if (key instanceof Uint8Array) return undefined;
    if (typeof (key as { kty?: unknown }).kty === 'string') {
      return createPrivateKey({ key: key as JsonWebKey, format: 'jwk' });
    }
    return KeyObject.from(key as CryptoKey);
  } catch {
    return undefined;
  }
}

/** Builds what every attack of the run is made from: one attacker key, the trusted material. */
export async function tokenMaterial(context: RunContext): Promise<TokenMaterial> {
  const minter = context.minter;
  const validToken = minter ? await minter.mint() : await context.bearer();
  const kid = minter?.options.kid ?? decodedKid(validToken);
  const attacker = await attackerKey();
  if (!minter) {
    const claims = decodeJwt(validToken) as Record<string, unknown>;
    return {
      validToken,
      claims: () => ({ ...claims }),
      ...(kid !== undefined ? { kid } : {}),
      attacker,
    };
  }
  const trustedKey = trustedKeyObject(minter.options.privateKey);
  const material: TokenMaterial = {
    minter,
    validToken,
    claims: () => minter.claims(),
    ...(kid !== undefined ? { kid } : {}),
    attacker,
  };
  if (trustedKey && trustedKey.asymmetricKeyType === 'rsa') {
    const publicKey = createPublicKey(trustedKey);
    const published = context.cloud.sentinel.jwks().keys.find((key) => key.kid === kid);
    material.trustedKey = trustedKey;
    material.trustedPublicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    material.trustedPublicJwk = published ? { ...published } : publicKey.export({ format: 'jwk' });
  }
  return material;
}

function decodedKid(token: string): string | undefined {
  try {
    const { kid } = decodeProtectedHeader(token);
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

const bearer = (token: string): Credentials => ({ token });

const withoutUndefined = (claims: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));

function sign(
  key: KeyObject | CryptoKey | Uint8Array,
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
): Promise<string> {
  return new SignJWT(withoutUndefined(claims))
    .setProtectedHeader(header as { alg: string })
    .sign(key);
}

const needsTrustedKey = (ruleId: string) =>
  `${ruleId}: needs the key the candidate trusts to sign its attack tokens; with a real Sentinel (--token-url) the harness has none. Run with --signing-key or --jwks-port to check it.`;

/** The rules whose attacks are sent to every route, in catalogue order. */
export const attackRuleIds = [
  'SEC-01',
  'SEC-02',
  'SEC-03',
  'SEC-04',
  'SEC-05',
  'SEC-06',
  'SEC-07',
  'SEC-08',
  'SEC-09',
  'SEC-10',
  'SEC-11',
  'SEC-14',
] as const;

export type AttackRuleId = (typeof attackRuleIds)[number];

/**
 * The attacks of one rule.
 * @see custom-endpoint.md §7.3
 */
export async function buildAttacks(
  ruleId: AttackRuleId,
  material: TokenMaterial,
): Promise<RuleAttacks> {
  const { minter, validToken, kid, attacker } = material;
  const kidHeader = kid !== undefined ? { kid } : {};
  const rs256 = { alg: 'RS256', typ: 'JWT', ...kidHeader };
  const unique = randomBytes(6).toString('hex');
  switch (ruleId) {
    case 'SEC-01':
      return {
        attacks: [{ name: 'no Authorization header', credentials: { token: null } }],
        notes: [],
      };
    case 'SEC-02': {
      const [header = '', payload = ''] = validToken.split('.');
      return {
        attacks: [
          { name: 'empty bearer ("Bearer" alone)', credentials: bearer('') },
          { name: 'non-JWT string', credentials: bearer(`tpb-conformance-not-a-jwt-${unique}`) },
          { name: 'two-segment token', credentials: bearer(`${header}.${payload}`) },
          {
            name: 'undecodable base64url',
            credentials: bearer(`%%${unique}%%.**not-base64url**.!!signature!!`),
          },
        ],
        notes: [],
      };
    }
    case 'SEC-03': {
      const [header = '', payload = '', signature = ''] = validToken.split('.');
      const decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as object;
      const decodedPayload = decodeJwt(validToken);
      const exp = typeof decodedPayload.exp === 'number' ? decodedPayload.exp : nowSeconds();
      return {
        attacks: [
          {
            name: 'signed by another RSA key',
            credentials: bearer(await sign(attacker.privateKey, rs256, material.claims())),
          },
          {
            name: 'header changed after signing',
            credentials: bearer(
              `${base64url({ ...decodedHeader, 'x-tpb-conformance': 'changed' })}.${payload}.${signature}`,
            ),
          },
          {
            name: 'payload changed after signing (exp extended by a day)',
            credentials: bearer(
              `${header}.${base64url({ ...decodedPayload, exp: exp + 86_400 })}.${signature}`,
            ),
          },
        ],
        notes: [],
      };
    }
    case 'SEC-04':
      if (!minter) return { attacks: [], missing: needsTrustedKey(ruleId), notes: [] };
      return {
        attacks: [
          {
            name: 'iss "Sentinel-attacker"',
            credentials: bearer(await minter.mint({ claims: { iss: 'Sentinel-attacker' } })),
          },
          {
            name: 'no iss',
            credentials: bearer(await minter.mint({ claims: { iss: undefined } })),
          },
        ],
        notes: [],
      };
    case 'SEC-05': {
      if (!minter) return { attacks: [], missing: needsTrustedKey(ruleId), notes: [] };
      const now = nowSeconds();
      return {
        // A verifier may check exp only on some paths (only without nbf, only with iat): the
        // same expiry is tried with each claim combination.
        attacks: [
          {
            name: 'expired 600 s ago',
            credentials: bearer(await minter.mint({ claims: { iat: now - 4200, exp: now - 600 } })),
          },
          {
            name: 'expired 600 s ago, with nbf in the past',
            credentials: bearer(
              await minter.mint({ claims: { iat: now - 4200, nbf: now - 4200, exp: now - 600 } }),
            ),
          },
          {
            name: 'expired 600 s ago, without iat',
            credentials: bearer(await minter.mint({ claims: { iat: undefined, exp: now - 600 } })),
          },
          {
            name: 'expired 1 day ago, with nbf and without iat',
            credentials: bearer(
              await minter.mint({
                claims: { iat: undefined, nbf: now - 90_000, exp: now - 86_400 },
              }),
            ),
          },
        ],
        notes: [],
      };
    }
    case 'SEC-06':
      if (!minter) return { attacks: [], missing: needsTrustedKey(ruleId), notes: [] };
      return {
        attacks: [
          {
            name: 'nbf 600 s ahead',
            credentials: bearer(await minter.mint({ claims: { nbf: nowSeconds() + 600 } })),
          },
        ],
        notes: [],
      };
    case 'SEC-07': {
      const payload = base64url(material.claims());
      return {
        attacks: ['none', 'NONE'].map((alg) => ({
          name: `alg "${alg}" with an empty signature`,
          credentials: bearer(`${base64url({ alg, typ: 'JWT', ...kidHeader })}.${payload}.`),
        })),
        notes: [],
      };
    }
    case 'SEC-08': {
      if (!minter) return { attacks: [], missing: needsTrustedKey(ruleId), notes: [] };
      const { trustedKey, trustedPublicPem, trustedPublicJwk } = material;
      if (!trustedKey || !trustedPublicPem || !trustedPublicJwk) {
        return {
          attacks: [],
          missing: `${ruleId}: the key the candidate trusts is not an RSA private key the harness can read, so no key-confusion token can be made.`,
          notes: [],
        };
      }
      const claims = material.claims();
      const hs256 = { alg: 'HS256', typ: 'JWT', ...kidHeader };
      const encode = (text: string) => new TextEncoder().encode(text);
      return {
        attacks: [
          {
            name: 'HS256 keyed with the RSA public key PEM',
            credentials: bearer(await sign(encode(trustedPublicPem), hs256, claims)),
          },
          {
            name: 'HS256 keyed with the PEM without its final newline',
            credentials: bearer(await sign(encode(trustedPublicPem.trimEnd()), hs256, claims)),
          },
          {
            name: 'HS256 keyed with the public JWK (JSON)',
            credentials: bearer(
              await sign(encode(JSON.stringify(trustedPublicJwk)), hs256, claims),
            ),
          },
          {
            name: 'RS512 signed with the trusted key',
            credentials: bearer(await sign(trustedKey, { ...rs256, alg: 'RS512' }, claims)),
          },
          {
            name: 'PS256 signed with the trusted key',
            credentials: bearer(await sign(trustedKey, { ...rs256, alg: 'PS256' }, claims)),
          },
        ],
        notes: [],
      };
    }
    case 'SEC-09': {
      const claims = material.claims();
      const unknownKid = `tpb-conformance-unknown-${unique}`;
      // The key-carrying headers name the trusted kid: a candidate that looks the kid up and
      // then still prefers the embedded key is caught too.
      const attackerKid = kid ?? 'tpb-conformance-attacker';
      const host = await startAttackerKeyHost(attacker, attackerKid);
      const keyHeader = { alg: 'RS256', typ: 'JWT', kid: attackerKid };
      const publicJwk = { ...attacker.publicJwk, kid: attackerKid };
      try {
        return {
          attacks: [
            {
              name: 'unknown kid, signed by a key the mock does not publish',
              credentials: bearer(
                await sign(
                  attacker.privateKey,
                  { alg: 'RS256', typ: 'JWT', kid: unknownKid },
                  claims,
                ),
              ),
            },
            {
              name: 'jwk header carrying the attacker key',
              credentials: bearer(
                await sign(attacker.privateKey, { ...keyHeader, jwk: publicJwk }, claims),
              ),
            },
            {
              name: 'jku header naming the attacker JWKS',
              credentials: bearer(
                await sign(attacker.privateKey, { ...keyHeader, jku: host.jkuUrl }, claims),
              ),
            },
            {
              name: 'x5u header naming the attacker certificate',
              credentials: bearer(
                await sign(attacker.privateKey, { ...keyHeader, x5u: host.x5uUrl }, claims),
              ),
            },
            {
              name: 'x5c header carrying the attacker certificate',
              credentials: bearer(
                await sign(attacker.privateKey, { ...keyHeader, x5c: [attacker.certDer] }, claims),
              ),
            },
          ],
          notes: [],
          host,
        };
      } catch (error) {
        await host.close();
        throw error;
      }
    }
    case 'SEC-10':
      if (!minter) return { attacks: [], missing: needsTrustedKey(ruleId), notes: [] };
      return {
        attacks: [
          {
            name: 'no scope',
            credentials: bearer(await minter.mint({ claims: { scope: undefined } })),
          },
          {
            name: 'scope "msg.consumer"',
            credentials: bearer(await minter.mint({ claims: { scope: 'msg.consumer' } })),
          },
        ],
        notes: [],
      };
    case 'SEC-11':
      if (!minter) return { attacks: [], missing: needsTrustedKey(ruleId), notes: [] };
      return {
        attacks: [
          {
            name: 'deprecated scope "ihub.tpb.customendpoint"',
            credentials: bearer(
              await minter.mint({ claims: { scope: 'ihub.tpb.customendpoint' } }),
            ),
          },
        ],
        notes: [],
      };
    case 'SEC-14':
      return {
        attacks: [
          { name: 'lower-case "bearer"', credentials: { token: validToken, scheme: 'bearer' } },
          { name: 'upper-case "BEARER"', credentials: { token: validToken, scheme: 'BEARER' } },
          { name: '"Basic" with a valid JWT', credentials: { token: validToken, scheme: 'Basic' } },
        ],
        notes: [],
      };
  }
}
