// The portal's static files (portal/GovData.Portal, a Blazor WebAssembly app): a storage account of its own whose static
// website ($web container) serves them. Static website hosting is available in Azure China (the web endpoint is
// <account>.z<n>.web.core.chinacloudapi.cn). A separate account keeps the public files apart from the data account, which
// allows no anonymous access and no shared keys. Turning the static website on is a data-plane setting that ARM does not
// deploy: docs/portal.md has the two az commands (enable, then upload the publish folder).

@description('Storage account name for the portal (3-24 lower-case letters and digits, globally unique).')
param name string

@description('Azure China region (the deployment region).')
param location string

@description('Tags applied to every resource.')
param tags object

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    // Uploads by Entra ID (az storage blob upload-batch --auth-mode login); the static website serves the files to anyone.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    // Containers stay private: the website endpoint is the only public path, and it serves $web only.
    allowBlobPublicAccess: false
    publicNetworkAccess: 'Enabled'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowCrossTenantReplication: false
  }
}

@description('Portal storage account name.')
output name string = account.name

@description('The static website origin (https://<account>.z<n>.web.core.chinacloudapi.cn), without the trailing slash: the Function App allows it (CORS).')
output origin string = take(account.properties.primaryEndpoints.web, length(account.properties.primaryEndpoints.web) - 1)
