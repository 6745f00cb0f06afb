// Hand-written stand-ins for generated app modules (same shape as the generator's output).
import {
  appFactory,
  type Action,
  type ActionSpecs,
  type ActionWithOptionalParams,
  type Execute,
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
export const hubspotSpecs: ActionSpecs<HubspotActions> = {
  createContact: ["create_contact", "write"],
  getContact: ["get_contact", "read"],
};
export const createHubspotActions = appFactory("hubspot", hubspotSpecs);

export interface SlackSendMessageParams {
  channel: string;
  text: string;
}
export interface SlackActions {
  sendMessage: Action<SlackSendMessageParams>;
}
export const slackSpecs: ActionSpecs<SlackActions> = {
  sendMessage: ["send_message", "write"],
};
export const createSlackActions = appFactory("slack", slackSpecs);

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

/** The factories as generated modules export them (their spec tables readable by `createMock`). */
export const appModules = { hubspot: createHubspotActions, slack: createSlackActions };
