/**
 * The token strings of the built-in dataset (fixtures/default.json), the keys of `mock.tokens`
 * when no other fixtures are given; test/typed-names.test.ts keeps the list in step with the file.
 */
export const BUILT_IN_TOKENS = [
  'sandbox-bigevents-admin', 'sandbox-bigevents-readonly', 'sandbox-bigevents-inactive', 'sandbox-acme-admin',
  'sandbox-bigevents-device', 'sandbox-bigevents-device-revoked', 'sandbox-bigevents-oauth', 'sandbox-bigevents-oauth-read',
] as const;

/** A token name of the built-in dataset: a misspelled `mock.tokens['...']` key does not compile. */
export type BuiltInToken = (typeof BUILT_IN_TOKENS)[number];
