import { httpRequest, opts, type AppCatalog, type Field } from "./types.js";

const issueKey: Field = {
  name: "issueIdOrKey",
  label: "Issue ID or Key",
  required: true,
  type: "text",
  placeholder: "PROJ-123",
};

const priority: Field = {
  name: "priority",
  label: "Priority",
  required: false,
  type: "select",
  options: opts("Highest", "High", "Medium", "Low", "Lowest"),
};

export const jira: AppCatalog = {
  app: {
    name: "Jira",
    slug: "jira",
    icon: "https://assets.refold.ai/app-icons/jira.svg",
    description: "Jira Cloud: create, search and transition issues, comments and attachments.",
    auth_type: "oauth2",
    type: "jira",
    app_id: "64b7f0c2a1d3e5f607182907",
    tags: ["Project Management", "Issue Tracking"],
    version: { _v: 3, description: "Jira Cloud platform REST API v3" },
    reauth_required: false,
    connected: true,
    connected_accounts: [
      {
        identifier: "acme.atlassian.net",
        connectedAt: "2026-06-03T10:21:09.000Z",
        status: "active",
      },
    ],
  },
  actions: [
    {
      name: "Create Issue",
      action_id: "create_issue",
      description: "Creates an issue or sub-task.",
      parameters: [
        {
          name: "project_key",
          label: "Project Key",
          required: true,
          type: "text",
          placeholder: "PROJ",
        },
        {
          name: "issuetype",
          label: "Issue Type",
          required: true,
          type: "select",
          options: opts("Task", "Bug", "Story", "Epic", "Subtask"),
        },
        { name: "summary", label: "Summary", required: true, type: "text" },
        {
          name: "description",
          label: "Description",
          required: false,
          type: "textarea",
          help_text: "Plain text; converted to Atlassian Document Format.",
        },
        {
          name: "assignee_account_id",
          label: "Assignee Account ID",
          required: false,
          type: "text",
        },
        priority,
        { name: "labels", label: "Labels", required: false, type: "text", multiple: true },
        { name: "duedate", label: "Due Date", required: false, type: "date" },
        {
          name: "parent_key",
          label: "Parent Issue Key",
          required: false,
          type: "text",
          help_text: "Required for sub-tasks.",
        },
        {
          name: "additional_fields",
          label: "Additional Fields",
          required: false,
          type: "json",
          help_text: 'Custom fields by ID, e.g. {"customfield_10016": 5}.',
        },
      ],
    },
    {
      name: "Get Issue",
      action_id: "get_issue",
      description: "Reads one issue.",
      parameters: [
        issueKey,
        {
          name: "fields",
          label: "Fields",
          required: false,
          type: "text",
          multiple: true,
          placeholder: "summary",
        },
        {
          name: "expand",
          label: "Expand",
          required: false,
          type: "select",
          multiple: true,
          options: opts("renderedFields", "names", "schema", "transitions", "changelog"),
        },
      ],
    },
    {
      name: "Update Issue",
      action_id: "update_issue",
      description: "Edits an issue's fields.",
      parameters: [
        issueKey,
        { name: "summary", label: "Summary", required: false, type: "text" },
        { name: "description", label: "Description", required: false, type: "textarea" },
        priority,
        { name: "labels", label: "Labels", required: false, type: "text", multiple: true },
        { name: "additional_fields", label: "Additional Fields", required: false, type: "json" },
        {
          name: "notifyUsers",
          label: "Notify Watchers",
          required: false,
          type: "boolean",
        },
      ],
    },
    {
      name: "Search Issues (JQL)",
      action_id: "search_issues",
      description: "Searches issues with JQL. Follow data.nextPageToken for more.",
      parameters: [
        {
          name: "jql",
          label: "JQL",
          required: true,
          type: "textarea",
          placeholder: "project = PROJ AND status != Done ORDER BY updated DESC",
        },
        { name: "fields", label: "Fields", required: false, type: "text", multiple: true },
        { name: "maxResults", label: "Max Results", required: false, type: "number" },
        { name: "nextPageToken", label: "Next Page Token", required: false, type: "text" },
      ],
    },
    {
      name: "Add Comment",
      action_id: "add_comment",
      description: "Adds a comment to an issue.",
      parameters: [issueKey, { name: "body", label: "Comment", required: true, type: "textarea" }],
    },
    {
      name: "Add Attachment",
      action_id: "add_attachment",
      description: "Attaches a file to an issue.",
      parameters: [
        issueKey,
        {
          name: "file",
          label: "File",
          required: true,
          type: "file",
          help_text: "The file to upload.",
        },
        { name: "filename", label: "File Name", required: false, type: "text" },
      ],
    },
    {
      name: "Transition Issue",
      action_id: "transition_issue",
      description: "Moves an issue through its workflow (e.g. To Do → Done).",
      parameters: [
        issueKey,
        {
          name: "transition_id",
          label: "Transition ID",
          required: true,
          type: "text",
          help_text: "From Get Issue with expand=transitions.",
        },
        { name: "comment", label: "Comment", required: false, type: "textarea" },
        { name: "fields", label: "Fields", required: false, type: "json" },
      ],
    },
    {
      name: "List Projects",
      action_id: "list_projects",
      description: "Lists projects visible to the account (paginated).",
      parameters: [
        { name: "query", label: "Search Text", required: false, type: "text" },
        { name: "startAt", label: "Start At", required: false, type: "number" },
        { name: "maxResults", label: "Max Results", required: false, type: "number" },
        {
          name: "orderBy",
          label: "Order By",
          required: false,
          type: "select",
          options: opts("key", "name", "category", "lastIssueUpdatedTime"),
        },
      ],
    },
    {
      name: "Delete Issue",
      action_id: "delete_issue",
      description: "Deletes an issue.",
      parameters: [
        issueKey,
        { name: "deleteSubtasks", label: "Delete Sub-tasks", required: false, type: "boolean" },
      ],
    },
    httpRequest("Jira", "/rest/api/3/myself"),
  ],
};
