// The Function App (.NET isolated worker, Linux) and its plan.
//
// Plan: a Dedicated (App Service) Linux plan. On Linux Dedicated plans the app's content lives
// in the plan's own storage, so no Azure Files content share is mounted and neither
// WEBSITE_CONTENTAZUREFILECONNECTIONSTRING nor WEBSITE_CONTENTSHARE is used: that is what lets
// the storage account run with shared-key access disabled. (Elastic Premium and Consumption
// mount an Azure Files share through a key-based connection string; Flex Consumption would
// avoid it too and supports custom handlers, but its availability in the Azure China regions
// is not documented — see docs/deployment.md.)

@description('Function App name (globally unique within the cloud: <name>.chinacloudsites.cn).')
param name string

@description('App Service plan name.')
param planName string

@description('Azure China region (the deployment region).')
param location string

@description('Plan SKU. Always On (needed for queue and timer triggers on a Dedicated plan) requires Basic or higher.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param skuName string

@description('Number of plan instances (a Dedicated plan does not scale on events by itself).')
@minValue(1)
@maxValue(30)
param instanceCount int

@description('Origins allowed to call the API from a browser (the portal\'s static website).')
param corsAllowedOrigins array

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Storage account name (host storage and app data).')
param storageAccountName string

@description('Blob service endpoint of the storage account (from the resource, cloud-specific).')
param blobEndpoint string

@description('Queue service endpoint of the storage account.')
param queueEndpoint string

@description('Table service endpoint of the storage account.')
param tableEndpoint string

@description('Cosmos DB account endpoint (from the resource, cloud-specific).')
param cosmosEndpoint string

@description('Cosmos DB database name.')
param cosmosDatabaseName string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Entra ID authority that issues callers\' bearer tokens.')
param authAuthority string

@description('Audience (application id URI or client id) the bearer tokens must carry.')
param authAudience string

@description('Days of the WORM policy on the audit container; the app refuses to start when they do not cover the rule sets\' longest audit.retention.')
param auditImmutabilityDays int

@description('Tags applied to every resource.')
param tags object

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
    capacity: instanceCount
  }
  properties: {
    // Linux.
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    reserved: true
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      // The .NET isolated worker stack on .NET 10 (FUNCTIONS_WORKER_RUNTIME=dotnet-isolated).
      linuxFxVersion: 'DOTNET-ISOLATED|10.0'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      use32BitWorkerProcess: false
      // The portal is served from another origin (the storage static website) and calls the API with bearer tokens
      // (no cookies), so only its origin is allowed and credentials are not.
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
      appSettings: [
        {
          name: 'FUNCTIONS_EXTENSION_VERSION'
          value: '~4'
        }
        {
          name: 'FUNCTIONS_WORKER_RUNTIME'
          value: 'dotnet-isolated'
        }
        {
          name: 'ASPNETCORE_ENVIRONMENT'
          value: 'Production'
        }
        {
          // Zip deploy mounts the package read-only from the plan's own storage.
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        // Host storage by identity. The explicit service URIs come from the resource, so they
        // carry this cloud's suffix; __accountName alone would make the host build
        // *.core.windows.net URIs, which do not exist in Azure China. The service URIs take
        // precedence over __accountName in the storage extensions.
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storageAccountName
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: blobEndpoint
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: queueEndpoint
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: tableEndpoint
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        // The app's own options (GovData.Functions binds these sections).
        {
          name: 'Storage__BlobServiceUri'
          value: blobEndpoint
        }
        {
          name: 'Storage__QueueServiceUri'
          value: queueEndpoint
        }
        {
          name: 'Storage__TableServiceUri'
          value: tableEndpoint
        }
        {
          name: 'Storage__ManagedIdentityClientId'
          value: identityClientId
        }
        {
          name: 'Cosmos__AccountEndpoint'
          value: cosmosEndpoint
        }
        {
          name: 'Cosmos__DatabaseName'
          value: cosmosDatabaseName
        }
        {
          name: 'Cosmos__ManagedIdentityClientId'
          value: identityClientId
        }
        {
          name: 'Auth__Authority'
          value: authAuthority
        }
        {
          name: 'Auth__Audience'
          value: authAudience
        }
        {
          name: 'Audit__ImmutabilityPeriodDays'
          value: string(auditImmutabilityDays)
        }
        // Azure.Identity defaults: the user-assigned identity, and this cloud's Entra endpoint.
        {
          name: 'AZURE_CLIENT_ID'
          value: identityClientId
        }
        {
          name: 'AZURE_AUTHORITY_HOST'
          value: environment().authentication.loginEndpoint
        }
        // Telemetry with Entra ID authentication (local auth is off on the component).
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'Authorization=AAD;ClientId=${identityClientId}'
        }
      ]
    }
  }
}

// No FTP and no basic-auth (publishing password) access to Kudu: deployments authenticate
// with Entra ID (az functionapp deployment source config-zip uses the signed-in identity).
resource ftpPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Function App name.')
output name string = site.name

@description('Default host name, e.g. <name>.chinacloudsites.cn.')
output defaultHostName string = site.properties.defaultHostName
