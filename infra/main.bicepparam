// Example parameters: production in China North 3 (Azure China, operated by 21Vianet).
// Deploy with: az cloud set --name AzureChinaCloud; az deployment group create -g <rg> -p infra/main.bicepparam
using 'main.bicep'

param location = 'chinanorth3'

param namePrefix = 'govdata'

param authAudience = 'api://govdata'

param planSku = 'P1v3'

param planInstanceCount = 2

// China North 3 has availability zones; ZRS keeps the three copies in-region.
param storageSku = 'Standard_ZRS'

// At least the longest audit.retention (3 years: up to 1096 days); the app checks it at start-up.
param auditRetentionDays = 1096

// Flip to true after the audit container's immutability policy has been locked (docs/deployment.md).
param auditImmutabilityPolicyLocked = false

param logRetentionDays = 180
