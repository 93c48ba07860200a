/**
 * The replay: sends a recording's requests, in order, to a server and compares each answer with
 * pretix's (rules in compare.ts). `replayFile` starts a fresh in-process pretix-mock for the file,
 * as each recording was made on a freshly started pretix.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRETIX_VERSION, startMockServer, type MockServerOptions } from '../../src/index.js';
import { compareExchange, type CompareOptions, type Divergence, type Exchange, type RecordedRequest, type RecordedResponse } from './compare.js';

/** The folder of the recordings, one folder per pretix release (`pretix-2026.5`, `pretix-2026.8`). */
export const RECORDINGS_ROOT = join(dirname(fileURLToPath(import.meta.url)), 'recordings');

/** The folder of the recordings of one pretix release. */
export const recordingsDir = (version: string): string => join(RECORDINGS_ROOT, `pretix-${version}`);

/** The folder of the recordings of the release the mock declares (PRETIX_VERSION). */
export const RECORDINGS_DIR = recordingsDir(PRETIX_VERSION);

/** The pretix releases with recordings, oldest first. */
export function recordedVersions(): string[] {
  const versions = readdirSync(RECORDINGS_ROOT).flatMap((name) => /^pretix-(\d+\.\d+)$/.exec(name)?.[1] ?? []);
  const key = (v: string) => v.split('.').map(Number);
  return versions.sort((a, b) => key(a)[0]! - key(b)[0]! || key(a)[1]! - key(b)[1]!);
}

/** The pretix release a recording file is of: the name of its folder, `pretix-<version>`. */
export function versionOf(file: string): string {
  const version = /^pretix-(\d+\.\d+)$/.exec(basename(dirname(file)))?.[1];
  if (!version) throw new Error(`${file} is not in a folder pretix-<version>`);
  return version;
}

/** The recording files (absolute paths) of `dir`, sorted by name; without `dir`, every release's, oldest first. */
export function recordingFiles(dir?: string): string[] {
  if (dir === undefined) return recordedVersions().flatMap((version) => recordingFiles(recordingsDir(version)));
  return readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort().map((name) => join(dir, name));
}

/** The exchanges of one recording file, in order. */
export function readRecording(file: string): Exchange[] {
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Exchange);
}

/** What the recording client added to every request besides the recorded headers. */
const CLIENT_DEFAULTS: Record<string, string> = { accept: '*/*', 'accept-encoding': 'gzip, deflate', 'user-agent': 'pretix-mock-conformance' };

/**
 * Sends one recorded request to `baseUrl` (node:http, so any method may carry a body) and reads the
 * answer as the recording client did: headers lower-cased and sorted by name (repeated ones in
 * the order sent), the body as UTF-8 text. Times out after `timeoutMs` (default 10 s).
 */
export function sendRequest(baseUrl: string, req: RecordedRequest, timeoutMs = 10_000): Promise<RecordedResponse> {
  const headers: Record<string, string> = { ...CLIENT_DEFAULTS };
  for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = value;
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
  if (body) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(new URL(req.path, baseUrl), { method: req.method, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const pairs: [string, string][] = [];
        for (let k = 0; k + 1 < res.rawHeaders.length; k += 2) pairs.push([res.rawHeaders[k]!.toLowerCase(), res.rawHeaders[k + 1]!]);
        pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        resolve({ status: res.statusCode ?? 0, headers: pairs, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer to ${req.method} ${req.path} within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** One replayed exchange: the recording, the answer received and how it differs (empty: identical). */
export interface ExchangeResult {
  exchange: Exchange;
  actual: RecordedResponse;
  divergences: Divergence[];
}

/**
 * Replays `exchanges` in order against the server at `baseUrl` and compares each answer.
 * `origin` (default `baseUrl`) is written for `BASE`.
 */
export async function replayExchanges(exchanges: Exchange[], baseUrl: string, options: Omit<CompareOptions, 'origin'> & { origin?: string } = {}): Promise<ExchangeResult[]> {
  const results: ExchangeResult[] = [];
  for (const exchange of exchanges) {
    const actual = await sendRequest(baseUrl, exchange.request);
    results.push({ exchange, actual, divergences: compareExchange(exchange, actual, { origin: options.origin ?? baseUrl, rules: options.rules }) });
  }
  return results;
}

/** A replayed file. */
export interface FileResult {
  /** The file's name, e.g. `random-101.jsonl`. */
  file: string;
  /** The pretix release it was recorded from, e.g. `2026.5`. */
  version: string;
  /** The origin the mock served on (written for `BASE`). */
  origin: string;
  results: ExchangeResult[];
}

/**
 * Replays one recording file against a fresh in-process pretix-mock (default dataset, port 0,
 * plus `server` options), closed afterwards.
 * @example
 * const { results } = await replayFile(recordingFiles(RECORDINGS_DIR)[0]!);
 * const identical = results.filter((r) => r.divergences.length === 0).length;
 */
export async function replayFile(file: string, options: { rules?: CompareOptions['rules']; server?: MockServerOptions } = {}): Promise<FileResult> {
  const mock = await startMockServer({ journalSize: 0, ...options.server });
  try {
    return { file: basename(file), version: versionOf(file), origin: mock.url, results: await replayExchanges(readRecording(file), mock.url, { rules: options.rules }) };
  } finally {
    await mock.close();
  }
}

/**
 * The recording files grouped by sequence: files of the same name in each release's folder hold
 * the same requests (test/conformance-versions.test.ts checks it). Oldest release first.
 */
export function recordingSequences(files: string[] = recordingFiles()): string[][] {
  const groups = new Map<string, string[]>();
  for (const file of files) groups.set(basename(file), [...(groups.get(basename(file)) ?? []), file]);
  return [...groups.values()];
}

/**
 * Replays a sequence recorded from several releases once, against a fresh mock, and compares
 * each answer with every release's recording of it (the requests must be the same).
 */
export async function replaySequence(files: string[], options: { rules?: CompareOptions['rules']; server?: MockServerOptions } = {}): Promise<FileResult[]> {
  const [first, ...others] = files;
  if (!first) return [];
  const replayed = await replayFile(first, options);
  return [replayed, ...others.map((file): FileResult => {
    const exchanges = readRecording(file);
    if (exchanges.length !== replayed.results.length) throw new Error(`${file} is not the sequence of ${first}`);
    const results = exchanges.map((exchange, k): ExchangeResult => {
      const { actual, exchange: sent } = replayed.results[k]!;
      if (JSON.stringify(exchange.request) !== JSON.stringify(sent.request)) throw new Error(`${file} #${k}: not the request of ${first}`);
      return { exchange, actual, divergences: compareExchange(exchange, actual, { origin: replayed.origin, rules: options.rules }) };
    });
    return { file: basename(file), version: versionOf(file), origin: replayed.origin, results };
  })];
}
