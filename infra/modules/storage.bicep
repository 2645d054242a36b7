// The storage account: the Functions host's own storage (AzureWebJobsStorage) and the app's
// blob containers, queues and table. Shared-key access is disabled, so every caller —
// the host, the app, operators — authenticates with Microsoft Entra ID.

@description('Storage account name (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure China region (the deployment region).')
param location string

@description('Replication. LRS/ZRS keep every copy inside the one region; ZRS needs a region with availability zones (e.g. chinanorth3).')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param skuName string

@description('Retention (days) of the time-based immutability (WORM) policy on the audit container.')
@minValue(1)
@maxValue(146000)
param auditRetentionDays int

@description('Create/update the audit immutability policy. ARM can only create or update an unlocked policy; after an operator has locked it, set this to false so redeployments leave it alone.')
param manageAuditImmutabilityPolicy bool

@description('Name of the user-assigned managed identity (in this resource group) that gets data-plane roles.')
param identityName string

@description('Tags applied to every resource.')
param tags object

// Names the application uses; keep them in step with the handler's options and function.json files.
var blobContainerNames = [
  'incoming'
  'curated'
  'open'
  'audit'
  'reports'
]
var auditContainerName = 'audit'
var workQueueNames = [
  'aggregation'
  'publishing'
  'notifications'
  'deadlines'
  'supervision'
  'change-notices'
]
var tableNames = [
  'auditlog'
]

// Built-in data-plane roles (the same GUIDs in every Azure cloud, Azure China included).
// Blob Data Owner rather than Contributor: the Functions host keeps its own state in this
// account (azure-webjobs-hosts, azure-webjobs-secrets: leases, host id locks, keys), and the
// Functions docs name Owner for an identity-based AzureWebJobsStorage connection.
var blobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var queueDataContributorRoleId = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var tableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

// Looked up by name, so role assignment names (guid of scope, identity id, role) are known
// before deployment starts, which keeps what-if predictions exact.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    // Entra ID only: no account keys, no SAS signed with them.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    // The open-data portal is public, but it is served by the app; no anonymous blob reads.
    allowBlobPublicAccess: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Data must not be copied to another tenant (or, through it, out of the country).
    allowCrossTenantReplication: false
    isHnsEnabled: false
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 14
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 14
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [
  for containerName in blobContainerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource auditContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' existing = {
  parent: blobService
  name: auditContainerName
}

// WORM on the audit log: a container-level, time-based retention policy. The audit log is
// written as append blobs, so protected append writes are allowed (blocks can be appended,
// nothing can be overwritten or deleted until the retention period has passed).
// ARM creates the policy Unlocked; locking it is a one-way operator action after the
// policy has been checked (see docs/deployment.md). A locked policy can no longer be PUT,
// only extended, hence the switch.
resource auditImmutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2024-01-01' = if (manageAuditImmutabilityPolicy) {
  parent: auditContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: auditRetentionDays
    allowProtectedAppendWrites: true
  }
  dependsOn: [
    containers
  ]
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queueName in workQueueNames: {
    parent: queueService
    name: queueName
  }
]

// The Functions host moves a message here after maxDequeueCount failed attempts. Created up
// front so monitoring and replay tooling can rely on them existing.
resource poisonQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queueName in workQueueNames: {
    parent: queueService
    name: '${queueName}-poison'
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, identity.id, blobDataOwnerRoleId)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataOwnerRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, identity.id, queueDataContributorRoleId)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', queueDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, identity.id, tableDataContributorRoleId)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Storage account name.')
output name string = account.name

// Endpoints come from the resource, so they carry this cloud's suffix
// (core.chinacloudapi.cn in Azure China) instead of a hard-coded one.
@description('Blob service endpoint, e.g. https://<name>.blob.core.chinacloudapi.cn/.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Queue service endpoint.')
output queueEndpoint string = account.properties.primaryEndpoints.queue

@description('Table service endpoint.')
output tableEndpoint string = account.properties.primaryEndpoints.table
