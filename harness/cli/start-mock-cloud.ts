import { MockCloud, type MockCloudOptions, type MockCloudUrls } from '../../mocks/index.ts';
import type { MockReadyInfo } from '../../schemas/index.ts';
import { HarnessError } from '../harness-error.ts';

/**
 * What `startMockCloud` takes: the options of `tpb-conformance mock` in camelCase, and the plain
 * HTTP port.
 */
export type StartMockCloudOptions = Pick<
  MockCloudOptions,
  'port' | 'httpPort' | 'accountId' | 'certDir' | 'skills' | 'maxOpenConversations'
>;

/** A running mock Conversational Cloud. */
export interface MockCloudHandle {
  /** What `tpb-conformance mock --json` prints: CSDS domain, CA file, credentials, control API. */
  readonly info: MockReadyInfo;
  /** Every base URL on 127.0.0.1 (HTTPS/WSS and the plain HTTP/WS twin). */
  readonly urls: MockCloudUrls;
  /** Closes every socket and server; idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the mock Conversational Cloud on 127.0.0.1, as `tpb-conformance mock` does: a failure
 * to start is a HarnessError `TPB_MOCK_START`.
 *
 * @example
 * const cloud = await startMockCloud({ skills: ['bot'] });
 * try { connect(cloud.info.csdsDomain); } finally { await cloud.stop(); }
 */
export async function startMockCloud(
  options: StartMockCloudOptions = {},
): Promise<MockCloudHandle> {
  let cloud: MockCloud;
  try {
    cloud = await MockCloud.start(options);
  } catch (cause) {
    throw new HarnessError(
      'TPB_MOCK_START',
      `Failed to start the mock cloud: ${(cause as Error).message}.`,
      { cause },
    );
  }
  return { info: cloud.readyInfo(), urls: cloud.urls, stop: () => cloud.stop() };
}
