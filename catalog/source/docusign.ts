import { httpRequest, opts, type AppCatalog, type Field } from "./types.js";

const envelopeId: Field = {
  name: "envelope_id",
  label: "Envelope ID",
  required: true,
  type: "text",
};

const envelopeStatuses = opts(
  "created",
  "sent",
  "delivered",
  "signed",
  "completed",
  "declined",
  "voided",
);

export const docusign: AppCatalog = {
  app: {
    name: "DocuSign",
    slug: "docusign",
    icon: "https://assets.refold.ai/app-icons/docusign.svg",
    description: "DocuSign eSignature: send envelopes for signature and track their status.",
    auth_type: "oauth2",
    type: "docusign",
    app_id: "64b7f0c2a1d3e5f607182908",
    tags: ["E-Signature", "Documents"],
    version: { _v: 1, description: "eSignature REST API v2.1" },
    reauth_required: false,
    connected: false,
    connected_accounts: [],
  },
  actions: [
    {
      name: "Send Envelope",
      action_id: "send_envelope",
      description:
        "Creates an envelope with one document and one signer, and sends it (or saves a draft).",
      parameters: [
        { name: "emailSubject", label: "Email Subject", required: true, type: "text" },
        { name: "emailBlurb", label: "Email Message", required: false, type: "textarea" },
        { name: "signer_name", label: "Signer Name", required: true, type: "text" },
        { name: "signer_email", label: "Signer Email", required: true, type: "email" },
        {
          name: "document_base64",
          label: "Document (Base64)",
          required: true,
          type: "textarea",
          help_text: "The PDF document, base64-encoded.",
        },
        {
          name: "document_name",
          label: "Document Name",
          required: true,
          type: "text",
          placeholder: "Contract.pdf",
        },
        {
          name: "status",
          label: "Envelope Status",
          required: true,
          type: "select",
          options: [
            { name: "Send Now", value: "sent" },
            { name: "Save as Draft", value: "created" },
          ],
        },
        {
          name: "cc_emails",
          label: "CC Emails",
          required: false,
          type: "text",
          multiple: true,
        },
        {
          name: "access_code",
          label: "Recipient Access Code",
          required: false,
          type: "password",
          help_text: "The signer must enter this code to open the envelope.",
        },
        { name: "tabs", label: "Signer Tabs", required: false, type: "json" },
        {
          name: "event_notification_url",
          label: "Status Webhook URL",
          required: false,
          type: "url",
        },
        {
          name: "expire_after_days",
          label: "Expire After (days)",
          required: false,
          type: "number",
        },
      ],
    },
    {
      name: "Get Envelope Status",
      action_id: "get_envelope_status",
      description: "Reads an envelope's status and timestamps.",
      parameters: [
        envelopeId,
        {
          name: "include",
          label: "Include",
          required: false,
          type: "select",
          multiple: true,
          options: opts("recipients", "documents", "tabs", "custom_fields", "attachments"),
        },
      ],
    },
    {
      name: "List Envelopes",
      action_id: "list_envelopes",
      description: "Lists envelopes changed since a date.",
      parameters: [
        {
          name: "from_date",
          label: "Changed Since",
          required: true,
          type: "datetime",
          placeholder: "2026-01-01T00:00:00Z",
        },
        { name: "to_date", label: "Changed Until", required: false, type: "datetime" },
        {
          name: "status",
          label: "Status",
          required: false,
          type: "select",
          multiple: true,
          options: envelopeStatuses,
        },
        { name: "search_text", label: "Search Text", required: false, type: "text" },
        { name: "count", label: "Count", required: false, type: "number" },
        { name: "start_position", label: "Start Position", required: false, type: "number" },
      ],
    },
    {
      name: "Create Envelope from Template",
      action_id: "create_envelope_from_template",
      description: "Creates an envelope from a server template and assigns its roles.",
      parameters: [
        { name: "templateId", label: "Template ID", required: true, type: "text" },
        {
          name: "templateRoles",
          label: "Template Roles",
          required: true,
          type: "json",
          help_text:
            'e.g. [{"roleName": "Signer", "name": "Jane Doe", "email": "jane@example.com"}]',
        },
        { name: "emailSubject", label: "Email Subject", required: false, type: "text" },
        {
          name: "status",
          label: "Envelope Status",
          required: true,
          type: "select",
          options: [
            { name: "Send Now", value: "sent" },
            { name: "Save as Draft", value: "created" },
          ],
        },
      ],
    },
    {
      name: "List Templates",
      action_id: "list_templates",
      description: "Lists the account's templates.",
      parameters: [
        { name: "search_text", label: "Search Text", required: false, type: "text" },
        { name: "count", label: "Count", required: false, type: "number" },
        { name: "start_position", label: "Start Position", required: false, type: "number" },
      ],
    },
    {
      name: "List Recipients",
      action_id: "list_recipients",
      description: "Lists an envelope's recipients and their signing status.",
      parameters: [
        envelopeId,
        { name: "include_tabs", label: "Include Tabs", required: false, type: "boolean" },
      ],
    },
    {
      name: "Get Document",
      action_id: "get_document",
      description: "Downloads a document of an envelope as base64.",
      parameters: [
        envelopeId,
        {
          name: "document_id",
          label: "Document ID",
          required: true,
          type: "text",
          placeholder: "combined",
          help_text: "A document ID, or combined, archive or certificate.",
        },
      ],
    },
    {
      name: "Void Envelope",
      action_id: "void_envelope",
      description: "Voids an in-process envelope.",
      parameters: [
        envelopeId,
        { name: "voidedReason", label: "Reason", required: true, type: "textarea" },
      ],
    },
    httpRequest("DocuSign", "/restapi/v2.1/accounts/{accountId}/envelopes"),
  ],
};
