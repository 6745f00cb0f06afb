/** Provider registry and per-(linked account, app) state for one emulator instance. */
import { generic, genericExecute } from "./generic.js";
import { hubspot } from "./hubspot.js";
import { slack } from "./slack.js";
import type { Provider, ProviderCall, ProviderResult } from "./types.js";

export type { ProviderResult } from "./types.js";

const PROVIDERS: Record<string, Provider> = { hubspot, slack };

export class ProviderStates {
  private readonly states = new Map<string, unknown>();

  /** The state of one app for one linked account, created on first use. */
  get(linkedAccountId: string, slug: string): unknown {
    const key = JSON.stringify([linkedAccountId, slug]);
    let state = this.states.get(key);
    if (state === undefined) {
      state = (Object.hasOwn(PROVIDERS, slug) ? PROVIDERS[slug] : generic).createState();
      this.states.set(key, state);
    }
    return state;
  }

  reset(): void {
    this.states.clear();
  }
}

/** Runs an action on its fake provider (or the generic fallback). */
export function runProvider(
  call: Omit<ProviderCall, "state">,
  states: ProviderStates,
): ProviderResult {
  const provider = Object.hasOwn(PROVIDERS, call.slug) ? PROVIDERS[call.slug] : undefined;
  const handler =
    provider && Object.hasOwn(provider.actions, call.actionId)
      ? provider.actions[call.actionId]
      : undefined;
  // A dedicated provider keeps its state; actions it does not model use the generic fallback's own state.
  const stateKey = handler ? call.slug : `${call.slug}\u0000generic`;
  const state = handler
    ? states.get(call.linkedAccountId, call.slug)
    : states.get(call.linkedAccountId, stateKey);
  return (handler ?? genericExecute)({ ...call, state });
}
