// Hand-written stand-ins for generated app modules (same shape as the generator's output).
import type {
  Action,
  ActionWithOptionalParams,
  Execute,
} from "../../../templates/runtime/index.js";

export interface HubspotCreateContactParams {
  email: string;
  firstname?: string;
  associations?: unknown;
}
export interface HubspotGetContactParams {
  limit?: string;
}
export interface HubspotActions {
  createContact: Action<HubspotCreateContactParams>;
  getContact: ActionWithOptionalParams<HubspotGetContactParams>;
}
export function createHubspotActions(execute: Execute): HubspotActions {
  return {
    createContact: (params: HubspotCreateContactParams, options?: object) =>
      execute("hubspot", "create_contact", params, { ...options, kind: "write" }),
    getContact: (params?: HubspotGetContactParams, options?: object) =>
      execute("hubspot", "get_contact", params, { ...options, kind: "read" }),
  };
}

export interface SlackSendMessageParams {
  channel: string;
  text: string;
}
export interface SlackActions {
  sendMessage: Action<SlackSendMessageParams>;
}
export function createSlackActions(execute: Execute): SlackActions {
  return {
    sendMessage: (params: SlackSendMessageParams, options?: object) =>
      execute("slack", "send_message", params, { ...options, kind: "write" }),
  };
}

export interface TestApps {
  hubspot: HubspotActions;
  slack: SlackActions;
}

export const factoryCalls: string[] = [];
export const appFactories = {
  hubspot: (execute: Execute) => {
    factoryCalls.push("hubspot");
    return createHubspotActions(execute);
  },
  slack: (execute: Execute) => {
    factoryCalls.push("slack");
    return createSlackActions(execute);
  },
};
