/**
 * The emulator on 127.0.0.1 (port 0) and the committed generated client pointed at it, with the
 * settings the end-to-end and agent tests share: the default API key, no retries, and no rate
 * limit on either side (tests that exercise those start their own).
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import {
  startEmulator,
  DEFAULT_API_KEY,
  type Emulator,
  type EmulatorOptions,
} from "../../emulator/server.js";
import { createRefoldClient, type RefoldClient } from "../../generated/index.js";

export type ClientOverrides = Partial<Parameters<typeof createRefoldClient>[0]>;

export interface EmulatorClient {
  readonly emulator: Emulator;
  /** A client with the shared settings. */
  readonly refold: RefoldClient;
  /** One more client on this emulator: the shared settings plus `overrides`; `close()` closes it too. */
  client(overrides?: ClientOverrides): RefoldClient;
  /** Closes every client, then the emulator. */
  close(): Promise<void>;
}

export async function startEmulatorClient(options: EmulatorOptions = {}): Promise<EmulatorClient> {
  const emulator = await startEmulator({ rateLimit: false, ...options });
  const clients: RefoldClient[] = [];
  const client = (overrides: ClientOverrides = {}): RefoldClient => {
    const made = createRefoldClient({
      apiKey: DEFAULT_API_KEY,
      baseUrl: emulator.url,
      retries: 0,
      rateLimit: false,
      ...overrides,
    });
    clients.push(made);
    return made;
  };
  return {
    emulator,
    refold: client(),
    client,
    async close() {
      for (const c of clients.splice(0)) await c.close();
      await emulator.close();
    },
  };
}

/**
 * Registers the hooks of a test file (or describe block): start before all tests and hand the
 * started pair to `onStart`, reset the emulator before each test, close everything after all.
 */
export function useEmulatorClient(
  onStart: (started: EmulatorClient) => void | Promise<void>,
  options: EmulatorOptions = {},
): void {
  let started: EmulatorClient | undefined;
  beforeAll(async () => {
    started = await startEmulatorClient(options);
    await onStart(started);
  });
  beforeEach(() => started!.emulator.reset());
  afterAll(() => started?.close());
}
