import { httpRequest, opts, type AppCatalog, type Field } from "./types.js";

const ticketId: Field = { name: "ticket_id", label: "Ticket ID", required: true, type: "number" };

const priority: Field = {
  name: "priority",
  label: "Priority",
  required: false,
  type: "select",
  options: [
    { name: "Urgent", value: "urgent" },
    { name: "High", value: "high" },
    { name: "Normal", value: "normal" },
    { name: "Low", value: "low" },
  ],
};

const status: Field = {
  name: "status",
  label: "Status",
  required: false,
  type: "select",
  options: [
    { name: "New", value: "new" },
    { name: "Open", value: "open" },
    { name: "Pending", value: "pending" },
    { name: "On-hold", value: "hold" },
    { name: "Solved", value: "solved" },
    { name: "Closed", value: "closed" },
  ],
};

export const zendesk: AppCatalog = {
  app: {
    name: "Zendesk",
    slug: "zendesk",
    icon: "https://assets.refold.ai/app-icons/zendesk.svg",
    description: "Zendesk Support: tickets, comments, users and search.",
    auth_type: "keybased",
    type: "zendesk",
    app_id: "64b7f0c2a1d3e5f607182906",
    tags: ["Customer Support", "Ticketing"],
    version: { _v: 2, description: "Support API v2 (API token)" },
    reauth_required: false,
    connected: true,
    connected_accounts: [
      { identifier: "acme.zendesk.com", connectedAt: "2026-05-21T14:03:44.000Z", status: "active" },
    ],
  },
  actions: [
    {
      name: "Create Ticket",
      action_id: "create_ticket",
      description: "Creates a ticket with its first comment.",
      parameters: [
        { name: "subject", label: "Enter Subject", required: true, type: "text" },
        {
          name: "comment_body",
          label: "Description",
          required: true,
          type: "textarea",
          help_text: "Becomes the ticket's first comment.",
        },
        { name: "requester_email", label: "Requester Email", required: false, type: "email" },
        { name: "requester_name", label: "Requester Name", required: false, type: "text" },
        priority,
        {
          name: "type",
          label: "Ticket Type",
          required: false,
          type: "select",
          options: opts("problem", "incident", "question", "task"),
        },
        status,
        { name: "assignee_id", label: "Assignee ID", required: false, type: "number" },
        { name: "group_id", label: "Group ID", required: false, type: "number" },
        { name: "tags", label: "Tags", required: false, type: "text", multiple: true },
        {
          name: "due_at",
          label: "Due At",
          required: false,
          type: "datetime",
          help_text: "Only for tickets of type task.",
        },
        {
          name: "custom_fields",
          label: "Custom Fields",
          required: false,
          type: "json",
          help_text: 'e.g. [{"id": 360001234567, "value": "gold"}]',
        },
      ],
    },
    {
      name: "Get Ticket",
      action_id: "get_ticket",
      description: "Reads one ticket.",
      parameters: [
        ticketId,
        {
          name: "include",
          label: "Sideload",
          required: false,
          type: "select",
          multiple: true,
          options: opts("users", "groups", "organizations", "brands", "comment_count"),
        },
      ],
    },
    {
      name: "Update Ticket",
      action_id: "update_ticket",
      description: "Updates a ticket and optionally adds a comment.",
      parameters: [
        ticketId,
        { name: "subject", label: "Subject", required: false, type: "text" },
        status,
        priority,
        { name: "assignee_id", label: "Assignee ID", required: false, type: "number" },
        { name: "comment_body", label: "Comment", required: false, type: "textarea" },
        {
          name: "comment_public",
          label: "Public Comment",
          required: false,
          type: "boolean",
          help_text: "Private (internal note) when false.",
        },
        { name: "tags", label: "Tags", required: false, type: "text", multiple: true },
        { name: "custom_fields", label: "Custom Fields", required: false, type: "json" },
      ],
    },
    {
      name: "List Tickets",
      action_id: "list_tickets",
      description: "Lists tickets with cursor pagination (data.meta.after_cursor).",
      parameters: [
        {
          name: "sort",
          label: "Sort",
          required: false,
          type: "select",
          options: [
            { name: "Updated (newest first)", value: "-updated_at" },
            { name: "Updated (oldest first)", value: "updated_at" },
            { name: "Created (newest first)", value: "-created_at" },
            { name: "Created (oldest first)", value: "created_at" },
          ],
        },
        {
          name: "page_size",
          label: "Page Size",
          required: false,
          type: "number",
          placeholder: "100",
        },
        { name: "page_after", label: "After Cursor", required: false, type: "text" },
      ],
    },
    {
      name: "Search Tickets",
      action_id: "search_tickets",
      description: "Searches tickets with the Zendesk search syntax.",
      parameters: [
        {
          name: "query",
          label: "Search Query",
          required: true,
          type: "text",
          placeholder: "status<solved requester:jane@example.com",
          help_text: "type:ticket is added automatically.",
        },
        {
          name: "sort_by",
          label: "Sort By",
          required: false,
          type: "select",
          options: opts("updated_at", "created_at", "priority", "status", "ticket_type"),
        },
        {
          name: "sort_order",
          label: "Sort Order",
          required: false,
          type: "select",
          options: [
            { name: "Ascending", value: "asc" },
            { name: "Descending", value: "desc" },
          ],
        },
      ],
    },
    {
      name: "Add Ticket Comment",
      action_id: "add_ticket_comment",
      description: "Adds a public reply or internal note to a ticket.",
      parameters: [
        ticketId,
        { name: "body", label: "Comment", required: true, type: "textarea" },
        { name: "public", label: "Public Reply", required: false, type: "boolean" },
        { name: "author_id", label: "Author ID", required: false, type: "number" },
      ],
    },
    {
      name: "Create User",
      action_id: "create_user",
      description: "Creates an end user, agent or admin.",
      parameters: [
        { name: "name", label: "Enter Name", required: true, type: "text" },
        { name: "email", label: "Enter Email", required: false, type: "email" },
        {
          name: "role",
          label: "Role",
          required: false,
          type: "select",
          options: [
            { name: "End User", value: "end-user" },
            { name: "Agent", value: "agent" },
            { name: "Admin", value: "admin" },
          ],
        },
        { name: "organization_id", label: "Organization ID", required: false, type: "number" },
        { name: "phone", label: "Enter Phone", required: false, type: "text" },
        { name: "user_fields", label: "User Fields", required: false, type: "json" },
      ],
    },
    {
      name: "Delete Ticket",
      action_id: "delete_ticket",
      description: "Deletes a ticket (recoverable for 30 days).",
      parameters: [ticketId],
    },
    httpRequest("Zendesk", "/api/v2/tickets/count"),
  ],
};
