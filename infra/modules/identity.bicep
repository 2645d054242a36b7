// The one user-assigned managed identity the Function App runs as. Every data-plane
// permission (Storage, Cosmos DB, Application Insights ingestion) is granted to it, so the
// app needs no keys, connection strings or SAS tokens.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure China region for the identity (the deployment region).')
param location string

@description('Tags applied to the resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id, used in the Function App identity block.')
output id string = identity.id

@description('Client (application) id, used by DefaultAzureCredential / ManagedIdentityCredential.')
output clientId string = identity.properties.clientId

@description('Object (principal) id, used in role assignments.')
output principalId string = identity.properties.principalId
