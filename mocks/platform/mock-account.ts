import type { AccountDirectory } from './account-directory.ts';

/** One account of the mock cloud: its directory now, its conversations and routing beside it. */
export interface MockAccount {
  accountId: string;
  directory: AccountDirectory;
}

/** Finds an account by id; undefined for an account the mock does not host. */
export type AccountLookup = (accountId: string) => MockAccount | undefined;
