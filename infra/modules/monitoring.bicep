// Log Analytics workspace + workspace-based Application Insights. Local (instrumentation key)
// authentication is disabled on the component, so telemetry is accepted only with a
// Microsoft Entra token: the Function App sends it as the managed identity
// (APPLICATIONINSIGHTS_AUTHENTICATION_STRING), which holds Monitoring Metrics Publisher here.

@description('Name of the Log Analytics workspace.')
param workspaceName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Azure China region (the deployment region).')
param location string

@description('Days the workspace keeps logs.')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Name of the user-assigned managed identity (in this resource group) that sends telemetry.')
param identityName string

@description('Tags applied to every resource.')
param tags object

// Built-in role: Monitoring Metrics Publisher (needed to ingest into a component with local auth disabled).
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

// Looked up by name, so role assignment names (guid of scope, identity id, role) are known
// before deployment starts, which keeps what-if predictions exact.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, monitoringMetricsPublisherRoleId)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The connection string is not a secret (it carries the ingestion endpoint of this cloud,
// e.g. *.applicationinsights.azure.cn, and the component id); with local auth disabled it
// grants nothing without an Entra token.
@description('Application Insights connection string (cloud-specific ingestion endpoint included).')
output connectionString string = appInsights.properties.ConnectionString
