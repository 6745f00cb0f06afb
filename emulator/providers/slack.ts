/**
 * A tiny in-memory Slack Web API. Slack answers HTTP 200 even for failures, with `{ok:false, error}`;
 * the execute route reports those as `node_status: "Failed"` with `http_status: 200`.
 */
import {
  intParam,
  strParam,
  type Provider,
  type ProviderCall,
  type ProviderResult,
} from "./types.js";

interface Channel {
  id: string;
  name: string;
  is_channel: true;
  is_private: boolean;
  is_archived: boolean;
  created: number;
  num_members: number;
}

interface SlackState {
  seq: number;
  channels: Channel[];
  messages: Record<string, unknown>[];
}

const CHANNEL_ID = /^[CDG][A-Z0-9]+$/;

function slackError(error: string): ProviderResult {
  return { status: 200, data: { ok: false, error }, failed: true };
}

function channel(name: string, id: string, members: number): Channel {
  return {
    id,
    name,
    is_channel: true,
    is_private: false,
    is_archived: false,
    created: 1_600_000_000,
    num_members: members,
  };
}

/** Resolves `#general`, `general` or an id; unknown ids are accepted (and remembered), unknown names are not. */
function resolveChannel(s: SlackState, ref: string): Channel | undefined {
  const name = ref.replace(/^#/, "");
  const known = s.channels.find((c) => c.id === ref || c.name === name);
  if (known) return known;
  if (!CHANNEL_ID.test(ref)) return undefined;
  const created = channel(ref.toLowerCase(), ref, 1);
  s.channels.push(created);
  return created;
}

function sendMessage({ params, state, now }: ProviderCall): ProviderResult {
  const s = state as SlackState;
  const ref = strParam(params.channel);
  if (!ref) return slackError("channel_not_found");
  const target = resolveChannel(s, ref);
  if (!target) return slackError("channel_not_found");
  const text = strParam(params.text);
  if (text === undefined && params.blocks === undefined) return slackError("no_text");
  const ts = `${Math.floor(now() / 1000)}.${String(++s.seq).padStart(6, "0")}`;
  const message: Record<string, unknown> = {
    type: "message",
    subtype: "bot_message",
    text: text ?? "",
    user: "U0EMULATOR",
    bot_id: "B0EMULATOR",
    team: "T0EMULATOR",
    ts,
  };
  if (params.blocks !== undefined) message.blocks = params.blocks;
  const threadTs = strParam(params.thread_ts);
  if (threadTs) message.thread_ts = threadTs;
  s.messages.push({ channel: target.id, ...message });
  return { status: 200, data: { ok: true, channel: target.id, ts, message } };
}

function listChannels({ params, state }: ProviderCall): ProviderResult {
  const s = state as SlackState;
  const limit = intParam(params.limit, 100, 1000);
  const cursor = strParam(params.cursor);
  const offset = cursor
    ? Number(
        Buffer.from(cursor, "base64url")
          .toString()
          .replace(/^offset:/, ""),
      ) || 0
    : 0;
  const channels = s.channels.slice(offset, offset + limit);
  const more = offset + limit < s.channels.length;
  const nextCursor = more ? Buffer.from(`offset:${offset + limit}`).toString("base64url") : "";
  return {
    status: 200,
    data: { ok: true, channels, response_metadata: { next_cursor: nextCursor } },
  };
}

export const slack: Provider = {
  createState: (): SlackState => ({
    seq: 0,
    channels: [
      channel("general", "C0EMGENERAL", 42),
      channel("random", "C0EMRANDOM", 40),
      channel("alerts", "C0EMALERTS", 7),
    ],
    messages: [],
  }),
  actions: { send_message: sendMessage, list_channels: listChannels },
};
