import { httpRequest, opts, type AppCatalog, type Field } from "./types.js";

const sobjectType: Field = {
  name: "sobject_type",
  label: "Select Object",
  required: true,
  type: "select",
  options: opts("Account", "Contact", "Lead", "Opportunity", "Case", "Task", "Event", "Campaign"),
  help_text: "API name of the sObject.",
};

const recordId: Field = {
  name: "record_id",
  label: "Enter Record ID",
  required: true,
  type: "text",
  placeholder: "0015g00000XXXXXAAA",
};

export const salesforce: AppCatalog = {
  app: {
    name: "Salesforce",
    slug: "salesforce",
    icon: "https://assets.refold.ai/app-icons/salesforce.svg",
    description:
      "Salesforce Sales Cloud: accounts, contacts, leads, opportunities and any custom object.",
    auth_type: "oauth2",
    type: "salesforce",
    app_id: "64b7f0c2a1d3e5f607182902",
    tags: ["CRM", "Sales"],
    version: { _v: 2, description: "REST API v60.0" },
    reauth_required: false,
    connected: true,
    connected_accounts: [
      {
        identifier: "integration@acme.example",
        connectedAt: "2026-02-11T16:40:03.000Z",
        status: "active",
      },
    ],
  },
  actions: [
    {
      name: "Create Record",
      action_id: "create_record",
      description: "Creates a record of any sObject type.",
      parameters: [
        sobjectType,
        {
          name: "fields",
          label: "Record Fields",
          required: true,
          type: "json",
          help_text: 'Field API names to values, e.g. {"Name": "Acme", "Industry": "Retail"}.',
        },
      ],
    },
    {
      name: "Get Record",
      action_id: "get_record",
      description: "Reads one record by ID.",
      parameters: [
        sobjectType,
        recordId,
        {
          name: "fields",
          label: "Fields",
          required: false,
          type: "text",
          multiple: true,
          help_text: "Field API names to return; all accessible fields when empty.",
        },
      ],
    },
    {
      name: "Update Record",
      action_id: "update_record",
      description: "Updates fields of an existing record.",
      parameters: [
        sobjectType,
        recordId,
        { name: "fields", label: "Record Fields", required: true, type: "json" },
      ],
    },
    {
      name: "Upsert Record by External ID",
      action_id: "upsert_record",
      description: "Creates or updates a record matched on an external ID field.",
      parameters: [
        sobjectType,
        {
          name: "external_id_field",
          label: "External ID Field",
          required: true,
          type: "text",
          placeholder: "External_Id__c",
        },
        { name: "external_id", label: "External ID Value", required: true, type: "text" },
        {
          name: "fields",
          label: "Field Mapping",
          required: true,
          type: "map",
          help_text: "Field API name → value.",
        },
      ],
    },
    {
      name: "Delete Record",
      action_id: "delete_record",
      description: "Deletes a record (moves it to the Recycle Bin).",
      parameters: [sobjectType, recordId],
    },
    {
      name: "SOQL Query",
      action_id: "query",
      description: "Runs a SOQL query. Follow data.nextRecordsUrl for more rows.",
      parameters: [
        {
          name: "q",
          label: "Enter SOQL Query",
          required: true,
          type: "textarea",
          placeholder: "SELECT Id, Name FROM Account WHERE CreatedDate = LAST_N_DAYS:7",
        },
        {
          name: "include_deleted",
          label: "Include Deleted and Archived",
          required: false,
          type: "boolean",
          help_text: "Uses queryAll instead of query.",
        },
      ],
    },
    {
      name: "Search (SOSL)",
      action_id: "search",
      description: "Runs a SOSL full-text search across objects.",
      parameters: [
        {
          name: "q",
          label: "Enter SOSL Search",
          required: true,
          type: "textarea",
          placeholder: "FIND {Acme} IN NAME FIELDS RETURNING Account(Id, Name)",
        },
      ],
    },
    {
      name: "Create Lead",
      action_id: "create_lead",
      description: "Creates a lead.",
      parameters: [
        { name: "FirstName", label: "Enter First Name", required: false, type: "text" },
        { name: "LastName", label: "Enter Last Name", required: true, type: "text" },
        { name: "Company", label: "Enter Company", required: true, type: "text" },
        { name: "Email", label: "Enter Email", required: false, type: "email" },
        { name: "Phone", label: "Enter Phone", required: false, type: "text" },
        { name: "Title", label: "Enter Title", required: false, type: "text" },
        { name: "Website", label: "Enter Website", required: false, type: "url" },
        {
          name: "Status",
          label: "Lead Status",
          required: false,
          type: "select",
          options: opts(
            "Open - Not Contacted",
            "Working - Contacted",
            "Closed - Converted",
            "Closed - Not Converted",
          ),
        },
        {
          name: "LeadSource",
          label: "Lead Source",
          required: false,
          type: "select",
          options: opts("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"),
        },
        { name: "AnnualRevenue", label: "Annual Revenue", required: false, type: "number" },
        {
          name: "NumberOfEmployees",
          label: "Number of Employees",
          required: false,
          type: "number",
        },
        { name: "Description", label: "Description", required: false, type: "textarea" },
      ],
    },
    {
      name: "Describe Object",
      action_id: "get_object_metadata",
      description: "Reads an sObject's describe metadata (fields, picklist values, record types).",
      parameters: [sobjectType],
    },
    httpRequest("Salesforce", "/services/data/v60.0/sobjects/Account"),
  ],
};
