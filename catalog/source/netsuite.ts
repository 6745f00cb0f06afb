import { httpRequest, type AppCatalog, type Field } from "./types.js";

const recordType: Field = {
  name: "record_type",
  label: "Select Record Type",
  required: true,
  type: "select",
  options: [
    { name: "Customer", value: "customer" },
    { name: "Vendor", value: "vendor" },
    { name: "Employee", value: "employee" },
    { name: "Sales Order", value: "salesOrder" },
    { name: "Invoice", value: "invoice" },
    { name: "Inventory Item", value: "inventoryItem" },
    { name: "Purchase Order", value: "purchaseOrder" },
  ],
};

const recordId: Field = {
  name: "id",
  label: "Enter Internal ID",
  required: true,
  type: "text",
  help_text: "Internal ID, or eid:<external id>.",
};

export const netsuite: AppCatalog = {
  app: {
    name: "NetSuite",
    slug: "netsuite",
    icon: "https://assets.refold.ai/app-icons/netsuite.svg",
    description: "Oracle NetSuite ERP: customers, transactions, items and SuiteQL queries.",
    auth_type: "keybased",
    type: "netsuite",
    app_id: "64b7f0c2a1d3e5f607182903",
    tags: ["ERP", "Accounting"],
    version: { _v: 1, description: "SuiteTalk REST web services (record API v1)" },
    reauth_required: true,
    connected: true,
    connected_accounts: [
      { identifier: "ACME_SB1", connectedAt: "2025-11-20T08:02:51.000Z", status: "expired" },
    ],
  },
  actions: [
    {
      name: "Get Record",
      action_id: "get_record",
      description: "Reads one record by type and internal ID.",
      parameters: [
        recordType,
        recordId,
        {
          name: "fields",
          label: "Fields",
          required: false,
          type: "text",
          multiple: true,
          help_text: "Limit the response to these fields.",
        },
        {
          name: "expandSubResources",
          label: "Expand Sub-resources",
          required: false,
          type: "boolean",
          help_text: "Includes sublists such as item lines in the response.",
        },
      ],
    },
    {
      name: "List Records",
      action_id: "list_records",
      description: "Lists records of a type, optionally filtered.",
      parameters: [
        recordType,
        {
          name: "q",
          label: "Filter",
          required: false,
          type: "text",
          placeholder: 'email START_WITH "billing"',
        },
        { name: "limit", label: "Limit", required: false, type: "number", placeholder: "1000" },
        { name: "offset", label: "Offset", required: false, type: "number" },
      ],
    },
    {
      name: "Run SuiteQL Query",
      action_id: "query_suiteql",
      description: "Runs a SuiteQL query and returns a page of rows.",
      parameters: [
        {
          name: "q",
          label: "Enter SuiteQL Query",
          required: true,
          type: "textarea",
          placeholder: "SELECT id, companyname FROM customer WHERE isinactive = 'F'",
        },
        { name: "limit", label: "Limit", required: false, type: "number" },
        { name: "offset", label: "Offset", required: false, type: "number" },
      ],
    },
    {
      name: "Create Customer",
      action_id: "create_customer",
      description: "Creates a customer record.",
      parameters: [
        { name: "companyname", label: "Enter Company Name", required: true, type: "text" },
        {
          name: "subsidiary",
          label: "Subsidiary ID",
          required: true,
          type: "text",
          help_text: "Internal ID of the subsidiary (OneWorld accounts).",
        },
        { name: "email", label: "Enter Email", required: false, type: "email" },
        { name: "phone", label: "Enter Phone", required: false, type: "text" },
        { name: "isperson", label: "Individual", required: false, type: "boolean" },
        { name: "externalid", label: "External ID", required: false, type: "text" },
        { name: "custom_fields", label: "Custom Fields", required: false, type: "json" },
      ],
    },
    {
      name: "Create Sales Order",
      action_id: "create_sales_order",
      description: "Creates a sales order for a customer.",
      parameters: [
        {
          name: "entity",
          label: "Customer Internal ID",
          required: true,
          type: "text",
        },
        { name: "trandate", label: "Order Date", required: false, type: "date" },
        { name: "otherrefnum", label: "PO Number", required: false, type: "text" },
        { name: "subsidiary", label: "Subsidiary ID", required: false, type: "text" },
        { name: "location", label: "Location ID", required: false, type: "text" },
        { name: "shipdate", label: "Ship Date", required: false, type: "date" },
        {
          name: "orderstatus",
          label: "Order Status",
          required: false,
          type: "select",
          options: [
            { name: "Pending Approval", value: "A" },
            { name: "Pending Fulfillment", value: "B" },
          ],
        },
        {
          name: "item",
          label: "Item Lines",
          required: true,
          type: "json",
          help_text: 'e.g. {"items": [{"item": {"id": "42"}, "quantity": 2, "rate": 19.5}]}',
        },
        { name: "memo", label: "Memo", required: false, type: "textarea" },
        { name: "custom_fields", label: "Custom Fields", required: false, type: "json" },
      ],
    },
    {
      name: "Create Invoice",
      action_id: "create_invoice",
      description: "Creates an invoice for a customer.",
      parameters: [
        { name: "entity", label: "Customer Internal ID", required: true, type: "text" },
        { name: "trandate", label: "Invoice Date", required: false, type: "date" },
        { name: "duedate", label: "Due Date", required: false, type: "date" },
        { name: "item", label: "Item Lines", required: true, type: "json" },
        { name: "memo", label: "Memo", required: false, type: "textarea" },
      ],
    },
    {
      name: "Update Record",
      action_id: "update_record",
      description: "Updates fields of a record.",
      parameters: [
        recordType,
        recordId,
        { name: "fields", label: "Fields", required: true, type: "json" },
        {
          name: "replace",
          label: "Replace Sublists",
          required: false,
          type: "text",
          placeholder: "item",
          help_text: "Comma-separated sublists to replace instead of merging.",
        },
      ],
    },
    {
      name: "Delete Record",
      action_id: "delete_record",
      description: "Deletes a record.",
      parameters: [recordType, recordId],
    },
    httpRequest("NetSuite", "/services/rest/record/v1/customer"),
  ],
};
