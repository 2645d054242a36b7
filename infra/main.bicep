// GovData on Azure Functions (.NET isolated worker, Linux) — everything in ONE Azure China region.
//
// Regulations forbid the data leaving the country (002 第三十四条), so:
//   * the region is a required parameter (no default) limited to Azure China regions;
//   * every resource is created in that one region, with no geo-replication;
//   * deploy it to the Azure China cloud (AzureChinaCloud, operated by 21Vianet) — see
//     docs/deployment.md. Endpoints are taken from the resources or from environment(),
//     never hard-coded, so the same file also compiles for any other cloud.
//
// No keys or connection strings anywhere: the app runs as a user-assigned managed identity
// with data-plane roles on Storage, Cosmos DB and Application Insights.

targetScope = 'resourceGroup'

@description('Azure China region for every resource. Required, no default: choosing where government data lives is a deliberate decision. chinaeast3 is access-restricted (in-country disaster recovery).')
@allowed([
  'chinanorth'
  'chinanorth2'
  'chinanorth3'
  'chinaeast'
  'chinaeast2'
  'chinaeast3'
])
param location string

@description('Short prefix for resource names: lower-case letters and digits only (it is also part of the storage account name), starting with a letter.')
@minLength(3)
@maxLength(11)
param namePrefix string = 'govdata'

@description('Suffix that makes globally unique names unique. Defaults to a hash of the resource group id.')
@minLength(4)
@maxLength(13)
param nameSuffix string = uniqueString(resourceGroup().id)

@description('Entra ID authority that issues the callers\' bearer tokens (Auth__Authority). Defaults to this cloud\'s login endpoint (login.chinacloudapi.cn in Azure China) for the deploying tenant.')
param authAuthority string = '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'

@description('Audience the callers\' bearer tokens must carry (Auth__Audience), e.g. api://govdata or the API app registration\'s client id.')
@minLength(1)
param authAudience string

@description('App Service plan SKU (Dedicated Linux plan; see modules/functionApp.bicep for why not Consumption/Premium).')
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
param planSku string = 'P1v3'

@description('Number of plan instances.')
@minValue(1)
@maxValue(30)
param planInstanceCount int = 1

@description('Storage replication; both options keep every copy inside the chosen region.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param storageSku string = 'Standard_LRS'

@description('Retention of the WORM (time-based immutability) policy on the audit container, in days. It must cover the longest audit.retention of the rule sets: 3 years (000 第三十九条) can span 1096 days with a 29 February. The app refuses to start with less.')
@minValue(1096)
@maxValue(146000)
param auditRetentionDays int = 1096

@description('Set to true once the audit container\'s immutability policy has been locked (docs/deployment.md): a locked policy cannot be updated by a deployment, only extended with `az storage container immutability-policy extend`.')
param auditImmutabilityPolicyLocked bool = false

@description('Days the Log Analytics workspace keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

@description('Tags applied to every resource.')
param tags object = {
  application: 'govdata'
  dataResidency: 'cn'
}

// The database name is part of the app's contract (Cosmos__DatabaseName).
var cosmosDatabaseName = 'govdata'

var baseName = '${namePrefix}-${nameSuffix}'
var names = {
  identity: 'id-${baseName}'
  workspace: 'log-${baseName}'
  appInsights: 'appi-${baseName}'
  storage: take(toLower('st${namePrefix}${nameSuffix}'), 24)
  cosmos: 'cosmos-${baseName}'
  plan: 'plan-${baseName}'
  functionApp: 'func-${baseName}'
  portal: take(toLower('stweb${namePrefix}${nameSuffix}'), 24)
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    location: location
    retentionInDays: logRetentionDays
    identityName: names.identity
    tags: tags
  }
  // The identity is looked up by its (known) name, so the dependency is explicit.
  dependsOn: [
    identity
  ]
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    skuName: storageSku
    auditRetentionDays: auditRetentionDays
    manageAuditImmutabilityPolicy: !auditImmutabilityPolicyLocked
    identityName: names.identity
    tags: tags
  }
  // The identity is looked up by its (known) name, so the dependency is explicit.
  dependsOn: [
    identity
  ]
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    name: names.cosmos
    location: location
    databaseName: cosmosDatabaseName
    identityName: names.identity
    tags: tags
  }
  // The identity is looked up by its (known) name, so the dependency is explicit.
  dependsOn: [
    identity
  ]
}

// The portal's static website (docs/portal.md); the Function App allows its origin.
module portal 'modules/portal.bicep' = {
  name: 'portal'
  params: {
    name: names.portal
    location: location
    tags: tags
  }
}

// Takes the storage/cosmos/monitoring outputs, so it is created after their role assignments:
// the host can reach its storage as soon as it starts.
module functionApp 'modules/functionApp.bicep' = {
  name: 'functionApp'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    skuName: planSku
    instanceCount: planInstanceCount
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmosDatabaseName
    appInsightsConnectionString: monitoring.outputs.connectionString
    authAuthority: authAuthority
    authAudience: authAudience
    auditImmutabilityDays: auditRetentionDays
    corsAllowedOrigins: [
      portal.outputs.origin
    ]
    tags: tags
  }
}

@description('Function App name (for az functionapp deployment source config-zip).')
output functionAppName string = functionApp.outputs.name

@description('Default host name of the Function App (<name>.chinacloudsites.cn in Azure China).')
output defaultHostName string = functionApp.outputs.defaultHostName

@description('Client id of the managed identity the app runs as.')
output identityClientId string = identity.outputs.clientId

@description('Storage account name (for the audit immutability-policy lock step).')
output storageAccountName string = storage.outputs.name

@description('Portal storage account (upload portal/GovData.Portal\'s publish folder to its $web container).')
output portalStorageAccountName string = portal.outputs.name

@description('The portal\'s address (the static website endpoint).')
output portalOrigin string = portal.outputs.origin

@description('The sign-in authority (统一身份认证) the API trusts; the portal\'s appsettings.json names the same (SignIn:Authority).')
output signInAuthority string = authAuthority

@description('Cosmos DB account name.')
output cosmosAccountName string = cosmos.outputs.name
