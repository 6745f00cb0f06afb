import { httpRequest, type AppCatalog } from "./types.js";

export const slack: AppCatalog = {
  app: {
    name: "Slack",
    slug: "slack",
    icon: "https://assets.refold.ai/app-icons/slack.svg",
    description: "Slack: post messages, manage channels and look up users in a workspace.",
    auth_type: "oauth2",
    type: "slack",
    app_id: "64b7f0c2a1d3e5f607182904",
    tags: ["Communication", "Chat"],
    version: { _v: 2, description: "Web API (bot token)" },
    reauth_required: false,
    connected: true,
    connected_accounts: [
      { identifier: "acme-workspace", connectedAt: "2026-01-08T12:30:00.000Z", status: "active" },
    ],
  },
  actions: [
    {
      name: "Send Message",
      action_id: "send_message",
      description: "Posts a message to a channel, DM or thread (chat.postMessage).",
      parameters: [
        {
          name: "channel",
          label: "Channel ID",
          required: true,
          type: "text",
          placeholder: "C0123456789",
        },
        { name: "text", label: "Message Text", required: false, type: "textarea" },
        {
          name: "blocks",
          label: "Blocks",
          required: false,
          type: "json",
          help_text: "Block Kit blocks; text becomes the notification fallback.",
        },
        {
          name: "thread_ts",
          label: "Thread Timestamp",
          required: false,
          type: "text",
          help_text: "Reply in the thread of this parent message.",
        },
        {
          name: "reply_broadcast",
          label: "Also Send to Channel",
          required: false,
          type: "boolean",
        },
        { name: "unfurl_links", label: "Unfurl Links", required: false, type: "boolean" },
        { name: "mrkdwn", label: "Format as mrkdwn", required: false, type: "boolean" },
      ],
    },
    {
      name: "List Channels",
      action_id: "list_channels",
      description: "Lists conversations in the workspace (conversations.list).",
      parameters: [
        {
          name: "types",
          label: "Channel Types",
          required: false,
          type: "select",
          multiple: true,
          options: [
            { name: "Public Channel", value: "public_channel" },
            { name: "Private Channel", value: "private_channel" },
            { name: "Group DM", value: "mpim" },
            { name: "Direct Message", value: "im" },
          ],
        },
        { name: "exclude_archived", label: "Exclude Archived", required: false, type: "boolean" },
        { name: "limit", label: "Limit", required: false, type: "number", placeholder: "200" },
        {
          name: "cursor",
          label: "Cursor",
          required: false,
          type: "text",
          help_text: "response_metadata.next_cursor of the previous page.",
        },
      ],
    },
    {
      name: "Create Channel",
      action_id: "create_channel",
      description: "Creates a public or private channel (conversations.create).",
      parameters: [
        {
          name: "name",
          label: "Channel Name",
          required: true,
          type: "text",
          help_text: "Lowercase, no spaces, at most 80 characters.",
        },
        { name: "is_private", label: "Private", required: false, type: "boolean" },
        { name: "team_id", label: "Team ID", required: false, type: "text" },
      ],
    },
    {
      name: "Add Users to Channel",
      action_id: "add_users_to_channel",
      description: "Invites users to a channel (conversations.invite).",
      parameters: [
        { name: "channel", label: "Channel ID", required: true, type: "text" },
        {
          name: "users",
          label: "User IDs",
          required: true,
          type: "text",
          multiple: true,
          placeholder: "U0123456789",
        },
      ],
    },
    {
      name: "Update Message",
      action_id: "update_message",
      description: "Edits a message the app posted (chat.update).",
      parameters: [
        { name: "channel", label: "Channel ID", required: true, type: "text" },
        { name: "ts", label: "Message Timestamp", required: true, type: "text" },
        { name: "text", label: "Message Text", required: false, type: "textarea" },
        { name: "blocks", label: "Blocks", required: false, type: "json" },
      ],
    },
    {
      name: "Delete Message",
      action_id: "delete_message",
      description: "Deletes a message (chat.delete).",
      parameters: [
        { name: "channel", label: "Channel ID", required: true, type: "text" },
        { name: "ts", label: "Message Timestamp", required: true, type: "text" },
      ],
    },
    {
      name: "Find User by Email",
      action_id: "find_user_by_email",
      description: "Looks up a user by email address (users.lookupByEmail).",
      parameters: [{ name: "email", label: "Enter Email", required: true, type: "email" }],
    },
    {
      name: "List Users",
      action_id: "list_users",
      description: "Lists the workspace's members (users.list).",
      parameters: [
        { name: "limit", label: "Limit", required: false, type: "number" },
        { name: "cursor", label: "Cursor", required: false, type: "text" },
        { name: "include_locale", label: "Include Locale", required: false, type: "boolean" },
      ],
    },
    httpRequest("Slack", "/api/conversations.history"),
  ],
};
