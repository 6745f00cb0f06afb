/**
 * One call's state, shared by every attempt made for it (execute and session-token mint alike):
 * who it is for, its deadline and signal, its retry budget, and every secret it has used, so
 * errors and hook payloads are scrubbed of all of them, including tokens rotated mid-call.
 */
import type { RefoldErrorInit } from "./errors.js";
import type { ResolvedConfig } from "./config.js";
import type { CallContext } from "./responseBody.js";
import type { SignalLike } from "./transport.js";
import type { ActionKind, ExecuteOptions } from "./types.js";

export class Call implements CallContext {
  readonly slug: string;
  readonly actionId: string;
  readonly linkedAccountId: string | undefined;
  readonly timeoutMs: number;
  readonly deadline: number;
  readonly kind: ActionKind;
  readonly idempotent: boolean;
  readonly maxRetries: number;
  readonly signal: SignalLike | undefined;
  readonly options: ExecuteOptions;
  /** Execute attempts sent (mint attempts are counted by the mint). */
  attempts = 0;
  /** True once an execute attempt may have reached Refold. */
  mayHaveSucceeded = false;
  private readonly config: ResolvedConfig;
  /** Session tokens this call has sent or received (beyond the client's static secrets). */
  private tokens: string[] | undefined;

  constructor(
    config: ResolvedConfig,
    slug: string,
    actionId: string,
    linkedAccountId: string | undefined,
    options: ExecuteOptions,
    timeoutMs: number,
    maxRetries: number,
  ) {
    this.config = config;
    this.slug = slug;
    this.actionId = actionId;
    this.linkedAccountId = linkedAccountId;
    this.options = options;
    this.timeoutMs = timeoutMs;
    this.deadline = config.now() + timeoutMs;
    this.kind = options.kind ?? "write";
    this.idempotent = options.idempotent === true;
    this.maxRetries = maxRetries;
    this.signal = options.signal;
  }

  get authMode(): CallContext["authMode"] {
    return this.config.auth.mode;
  }

  /** A write that is not declared idempotent: never repeated once it may have been sent. */
  get isUnsafeWrite(): boolean {
    return this.kind !== "read" && !this.idempotent;
  }

  /** Records a session token the call used or minted. */
  addSecret(token: string): void {
    if (this.config.staticSecrets.includes(token)) return;
    this.tokens ??= [];
    if (!this.tokens.includes(token)) this.tokens.push(token);
  }

  /** The key, every token this call used, and the account's current token. */
  get secrets(): readonly string[] {
    const current = this.config.tokens?.cached(this.linkedAccountId ?? "");
    if (this.tokens === undefined && current === undefined) return this.config.staticSecrets;
    const out = [...this.config.staticSecrets, ...(this.tokens ?? [])];
    if (current !== undefined && !out.includes(current)) out.push(current);
    return out;
  }

  remaining(): number {
    return this.deadline - this.config.now();
  }

  errorInit(): RefoldErrorInit {
    return {
      slug: this.slug,
      actionId: this.actionId,
      linkedAccountId: this.linkedAccountId,
      attempts: this.attempts,
      mayHaveSucceeded: this.mayHaveSucceeded,
      secrets: this.secrets,
    };
  }
}
