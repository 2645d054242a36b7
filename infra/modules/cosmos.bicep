// Cosmos DB for NoSQL, serverless, with key (local) authentication disabled: the app reaches
// it only through Microsoft Entra ID with the managed identity, which gets the built-in
// "Cosmos DB Built-in Data Contributor" data-plane role.

@description('Cosmos DB account name (3-44 lower-case letters, digits and hyphens).')
@minLength(3)
@maxLength(44)
param name string

@description('Azure China region (the deployment region). The account has this one location only.')
param location string

@description('Database name the app binds as Cosmos__DatabaseName.')
param databaseName string

@description('Name of the user-assigned managed identity (in this resource group) that gets the data-plane role.')
param identityName string

@description('Tags applied to every resource.')
param tags object

// Every container is partitioned by jurisdiction (see docs/architecture.md, "Data").
var containerNames = [
  'catalog'
  'sharing'
  'aggregation'
  'opening'
  'supervision'
  'supervision-applied'
  'reference'
  'audit'
]
var partitionKeyPath = '/jurisdiction'

// Built-in data-plane role "Cosmos DB Built-in Data Contributor" (a fixed id in every account).
var dataContributorRoleDefinitionId = '00000000-0000-0000-0000-000000000002'

// Looked up by name, so role assignment names (guid of scope, identity id, role) are known
// before deployment starts, which keeps what-if predictions exact.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    // One location only: no geo-replication, so no copy of the data outside the chosen region.
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    enableMultipleWriteLocations: false
    enableAutomaticFailover: false
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    // Entra ID only: account keys and resource tokens are refused on the data plane,
    // and keys cannot change databases/containers through the metadata path either.
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for containerName in containerNames: {
    parent: database
    name: containerName
    properties: {
      resource: {
        id: containerName
        partitionKey: {
          paths: [
            partitionKeyPath
          ]
          kind: 'Hash'
          version: 2
        }
      }
    }
  }
]

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, identity.id, dataContributorRoleDefinitionId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleDefinitionId}'
    principalId: identity.properties.principalId
    scope: account.id
  }
}

@description('Cosmos DB account name.')
output name string = account.name

// From the resource: https://<name>.documents.azure.cn:443/ in Azure China.
@description('Account endpoint the app binds as Cosmos__AccountEndpoint.')
output endpoint string = account.properties.documentEndpoint
