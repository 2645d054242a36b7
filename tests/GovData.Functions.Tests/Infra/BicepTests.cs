using System.Text.Json.Nodes;
using static GovData.Functions.Tests.Infra.ArmTemplate;

namespace GovData.Functions.Tests.Infra;

/// <summary>Compiles infra/main.bicep once for all the template assertions.</summary>
public sealed class CompiledInfra : IAsyncLifetime
{
    internal BicepResult Build { get; private set; } = new(-1, "", "");

    internal ArmTemplate Template =>
        Build.ExitCode == 0 ? ArmTemplate.Parse(Build.StdOut) : throw new InvalidOperationException($"bicep build failed: {Build}");

    public async Task InitializeAsync() =>
        Build = await BicepCli.RunAsync("build", BicepCli.InfraPath("main.bicep"), "--stdout");

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// Validates infra/ offline with the bicep CLI from NuGet: it compiles and lints cleanly, and the
/// compiled ARM template has the resources, names and security properties the app and the
/// regulations depend on.
/// </summary>
public sealed class BicepTests(CompiledInfra infra) : IClassFixture<CompiledInfra>
{
    private static readonly string[] ChinaRegions =
        ["chinanorth", "chinanorth2", "chinanorth3", "chinaeast", "chinaeast2", "chinaeast3"];

    private static readonly string[] BlobContainers = ["incoming", "curated", "open", "audit", "reports"];

    private static readonly string[] WorkQueues = ["aggregation", "publishing", "notifications", "deadlines", "supervision"];

    private static readonly string[] CosmosContainers =
        ["catalog", "sharing", "aggregation", "opening", "supervision", "supervision-applied", "reference", "audit"];

    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string CosmosBuiltInDataContributor = "00000000-0000-0000-0000-000000000002";

    private ArmTemplate Template => infra.Template;

    // --- the CLI ---------------------------------------------------------------------

    [Fact]
    public void Build_succeeds_without_warnings()
    {
        var build = infra.Build;
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("Warning", build.StdErr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Error", build.StdErr, StringComparison.OrdinalIgnoreCase);
        Assert.True(string.IsNullOrWhiteSpace(build.StdErr), build.ToString());
    }

    [Fact]
    public async Task Lint_reports_no_warnings_or_errors()
    {
        var lint = await BicepCli.RunAsync("lint", BicepCli.InfraPath("main.bicep"));

        Assert.True(lint.ExitCode == 0, lint.ToString());
        Assert.DoesNotContain("Warning", lint.AllOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Error", lint.AllOutput, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Example_parameter_file_builds_and_targets_China_North_3()
    {
        var result = await BicepCli.RunAsync("build-params", BicepCli.InfraPath("main.bicepparam"), "--stdout");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(string.IsNullOrWhiteSpace(result.StdErr), result.ToString());
        var parametersJson = (string?)JsonNode.Parse(result.StdOut)?["parametersJson"];
        Assert.NotNull(parametersJson);
        var parameters = JsonNode.Parse(parametersJson)!["parameters"]!;
        Assert.Equal("chinanorth3", (string?)parameters["location"]?["value"]);
    }

    [Fact]
    public void Lint_rules_that_guard_residency_and_secrets_are_enforced()
    {
        // bicepconfig.json is what makes "lint is clean" mean something: these rules must stay on.
        var config = JsonNode.Parse(
            File.ReadAllText(BicepCli.InfraPath("bicepconfig.json")),
            documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        var rules = config["analyzers"]!["core"]!["rules"]!;
        Assert.True((bool?)config["analyzers"]!["core"]!["enabled"] ?? true, "the core analyzers must not be disabled");
        foreach (var rule in new[]
                 {
                     "no-hardcoded-location", "no-loc-expr-outside-params", "explicit-values-for-loc-params",
                     "no-hardcoded-env-urls", "outputs-should-not-contain-secrets", "secure-secrets-in-params",
                     "no-unused-params", "no-unused-vars",
                 })
        {
            Assert.Equal("error", (string?)rules[rule]?["level"]);
        }

        var disallowed = rules["no-hardcoded-env-urls"]!["disallowedhosts"]!.AsArray().Select(h => (string?)h).ToList();
        Assert.Contains("core.windows.net", disallowed);
        Assert.Contains("chinacloudapi.cn", disallowed);
        Assert.Contains("documents.azure.cn", disallowed);
    }

    // --- one region, in China ------------------------------------------------------------

    [Fact]
    public void Location_is_required_and_limited_to_Azure_China_regions()
    {
        var location = Template.Root["parameters"]!["location"]!.AsObject();

        Assert.Equal("string", (string?)location["type"]);
        Assert.False(location.ContainsKey("defaultValue"), "The region must be chosen explicitly: no default.");
        var allowed = location["allowedValues"]?.AsArray().Select(v => (string?)v).ToList();
        Assert.NotNull(allowed);
        Assert.NotEmpty(allowed);
        Assert.All(allowed, region => Assert.Contains(region, ChinaRegions));
        Assert.Contains("chinanorth3", allowed);
    }

    [Fact]
    public void Every_resource_is_deployed_to_the_one_location_parameter()
    {
        var located = Template.Resources().Where(r => r.Node.ContainsKey("location")).ToList();

        Assert.NotEmpty(located);
        Assert.All(located, r => Assert.Equal(new Symbolic("parameters('location')"), r.Evaluate("location")));

        // Cosmos DB must not replicate anywhere else either.
        var cosmos = Assert.Single(Template.Resources("Microsoft.DocumentDB/databaseAccounts"));
        var locations = Assert.IsType<List<object?>>(cosmos.EvaluateDeep("properties.locations"));
        var only = Assert.IsType<Dictionary<string, object?>>(Assert.Single(locations));
        Assert.Equal(new Symbolic("parameters('location')"), only["locationName"]);
        AssertFalse(cosmos.Evaluate("properties.enableMultipleWriteLocations"));
    }

    // --- storage -----------------------------------------------------------------------------

    [Fact]
    public void Storage_account_accepts_Entra_ID_only_and_no_anonymous_reads()
    {
        // The data account (module 'storage'); the portal's static-website account is checked in PortalInfraTests.
        var account = Assert.Single(Template.Resources("Microsoft.Storage/storageAccounts"), a => (string?)a.Scope.Deployment?["name"] == "storage");

        AssertFalse(account.Evaluate("properties.allowSharedKeyAccess"));
        AssertFalse(account.Evaluate("properties.allowBlobPublicAccess"));
        Assert.Equal("TLS1_2", account.Evaluate("properties.minimumTlsVersion"));
        AssertTrue(account.Evaluate("properties.supportsHttpsTrafficOnly"));
        Assert.Equal("Enabled", account.Evaluate("properties.publicNetworkAccess"));

        // Replication stays inside the region: LRS or ZRS only, never GRS/RA-GRS/GZRS.
        Assert.Equal(new Symbolic("parameters('storageSku')"), account.Evaluate("sku.name"));
        var skus = Template.Root["parameters"]!["storageSku"]!["allowedValues"]!.AsArray().Select(v => (string?)v).ToList();
        Assert.NotEmpty(skus);
        Assert.All(skus, sku => Assert.Contains(sku, new[] { "Standard_LRS", "Standard_ZRS" }));
    }

    [Fact]
    public void Blob_containers_the_app_uses_exist_and_are_private()
    {
        var containers = Template.Resources("Microsoft.Storage/storageAccounts/blobServices/containers");
        var names = containers.Select(c => c.ShortName).ToList();

        foreach (var expected in BlobContainers)
        {
            Assert.Contains(expected, names);
        }

        Assert.All(containers, c => Assert.Equal("None", c.Evaluate("properties.publicAccess")));
    }

    [Fact]
    public void Audit_container_has_a_time_based_WORM_policy_that_allows_appends()
    {
        var policy = Assert.Single(Template.Resources("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies"));
        var segments = policy.Name.Split('/');

        Assert.Equal("audit", segments[^2]);
        Assert.Equal("default", segments[^1]);
        AssertTrue(policy.Evaluate("properties.allowProtectedAppendWrites"));
        Assert.Equal(new Symbolic("parameters('auditRetentionDays')"), policy.Evaluate("properties.immutabilityPeriodSinceCreationInDays"));

        // Deployed unless an operator has locked it (a locked policy can only be extended).
        Assert.Equal(new Symbolic("not(«parameters('auditImmutabilityPolicyLocked')»)"), policy.EvaluateExpression((string)policy.Node["condition"]!));
        AssertFalse(Template.Root["parameters"]!["auditImmutabilityPolicyLocked"]!["defaultValue"]!.GetValue<bool>());

        // The one policy must cover the longest audit.retention of every rule set (3 years: up to 1096 days), and a
        // deployment cannot set less.
        var required = GovData.Domain.Audit.AuditRetention.RequiredImmutabilityDays(GovData.Domain.RuleSets.RuleSetRegistry.BuiltIn(), new DateOnly(2026, 11, 24));
        Assert.Equal(1096, required);
        var retention = Template.Root["parameters"]!["auditRetentionDays"]!;
        Assert.True((int?)retention["defaultValue"] >= required, $"default {retention["defaultValue"]} < {required}");
        Assert.True((int?)retention["minValue"] >= required, $"minValue {retention["minValue"]} < {required}");

        // The app is told the deployed period, so it can refuse to start with a shorter one.
        Assert.Contains("auditRetentionDays", ArmTemplate.Evaluator.Render(AppSettings()["Audit__ImmutabilityPeriodDays"]));
    }

    [Fact]
    public async Task Example_parameters_keep_audit_records_as_long_as_the_longest_rule_set_requires()
    {
        var result = await BicepCli.RunAsync("build-params", BicepCli.InfraPath("main.bicepparam"), "--stdout");
        Assert.True(result.ExitCode == 0, result.ToString());
        var parameters = JsonNode.Parse((string)JsonNode.Parse(result.StdOut)!["parametersJson"]!)!["parameters"]!;
        var required = GovData.Domain.Audit.AuditRetention.RequiredImmutabilityDays(GovData.Domain.RuleSets.RuleSetRegistry.BuiltIn(), new DateOnly(2026, 11, 24));
        Assert.True((int?)parameters["auditRetentionDays"]?["value"] >= required);
    }

    [Fact]
    public void Work_queues_and_their_poison_queues_exist()
    {
        var names = Template.Resources("Microsoft.Storage/storageAccounts/queueServices/queues").Select(q => q.ShortName).ToList();

        foreach (var queue in WorkQueues)
        {
            Assert.Contains(queue, names);
            Assert.Contains($"{queue}-poison", names);
        }
    }

    [Fact]
    public void Audit_log_table_exists()
    {
        var names = Template.Resources("Microsoft.Storage/storageAccounts/tableServices/tables").Select(t => t.ShortName);

        Assert.Contains("auditlog", names);
    }

    // --- Cosmos DB -------------------------------------------------------------------------

    [Fact]
    public void Cosmos_is_serverless_NoSQL_with_local_auth_disabled()
    {
        var account = Assert.Single(Template.Resources("Microsoft.DocumentDB/databaseAccounts"));

        Assert.Equal("GlobalDocumentDB", account.Evaluate("kind"));
        AssertTrue(account.Evaluate("properties.disableLocalAuth"));
        AssertTrue(account.Evaluate("properties.disableKeyBasedMetadataWriteAccess"));
        var capabilities = Assert.IsType<List<object?>>(account.EvaluateDeep("properties.capabilities"));
        Assert.Contains(capabilities, c => c is Dictionary<string, object?> d && Equals(d["name"], "EnableServerless"));
    }

    [Fact]
    public void Cosmos_database_and_containers_exist_partitioned_by_jurisdiction()
    {
        var database = Assert.Single(Template.Resources("Microsoft.DocumentDB/databaseAccounts/sqlDatabases"));
        Assert.Equal("govdata", database.ShortName);

        var containers = Template.Resources("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");
        foreach (var expected in CosmosContainers)
        {
            var container = Assert.Single(containers, c => c.ShortName == expected);
            Assert.Equal("govdata", container.Name.Split('/')[^2]);
            Assert.Equal(expected, container.Evaluate("properties.resource.id"));
            var paths = Assert.IsType<List<object?>>(container.EvaluateDeep("properties.resource.partitionKey.paths"));
            Assert.Equal("/jurisdiction", Assert.Single(paths));
        }
    }

    // --- identity and roles --------------------------------------------------------------------

    [Fact]
    public void Managed_identity_holds_the_data_plane_roles()
    {
        var identityName = Assert.Single(Template.Resources("Microsoft.ManagedIdentity/userAssignedIdentities")).Name;
        var identityPrincipal = $"reference(«resourceId(Microsoft.ManagedIdentity/userAssignedIdentities, {identityName})»).principalId";

        var assignments = Template.Resources("Microsoft.Authorization/roleAssignments")
            .Select(a => (
                Role: ArmTemplate.Evaluator.Render(a.Evaluate("properties.roleDefinitionId")),
                Principal: a.Evaluate("properties.principalId"),
                Scope: ArmTemplate.Evaluator.Render(a.Evaluate("scope")),
                Type: a.Evaluate("properties.principalType")))
            .ToList();

        Assert.All(assignments, a =>
        {
            Assert.Equal(new Symbolic(identityPrincipal), a.Principal);
            Assert.Equal("ServicePrincipal", a.Type);
        });

        bool Has(string roleId, string scopeType) =>
            assignments.Any(a => a.Role.Contains(roleId, StringComparison.OrdinalIgnoreCase) && a.Scope.Contains(scopeType, StringComparison.OrdinalIgnoreCase));

        Assert.True(
            Has(StorageBlobDataOwner, "Microsoft.Storage/storageAccounts") || Has(StorageBlobDataContributor, "Microsoft.Storage/storageAccounts"),
            "Storage Blob Data Owner/Contributor on the storage account");
        Assert.True(Has(StorageQueueDataContributor, "Microsoft.Storage/storageAccounts"), "Storage Queue Data Contributor");
        Assert.True(Has(StorageTableDataContributor, "Microsoft.Storage/storageAccounts"), "Storage Table Data Contributor");
        Assert.True(Has(MonitoringMetricsPublisher, "Microsoft.Insights/components"), "Monitoring Metrics Publisher on Application Insights");

        var sqlAssignment = Assert.Single(Template.Resources("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"));
        Assert.EndsWith(
            $"/sqlRoleDefinitions/{CosmosBuiltInDataContributor}",
            ArmTemplate.Evaluator.Render(sqlAssignment.Evaluate("properties.roleDefinitionId")),
            StringComparison.Ordinal);
        Assert.Equal(new Symbolic(identityPrincipal), sqlAssignment.Evaluate("properties.principalId"));
        Assert.Contains("Microsoft.DocumentDB/databaseAccounts", ArmTemplate.Evaluator.Render(sqlAssignment.Evaluate("properties.scope")), StringComparison.Ordinal);
    }

    // --- the Function App ----------------------------------------------------------------------

    [Fact]
    public void Function_app_is_a_Linux_dotnet_isolated_app_on_HTTPS_with_FTP_and_basic_auth_off()
    {
        var site = Assert.Single(Template.Resources("Microsoft.Web/sites"));

        Assert.Equal("functionapp,linux", site.Evaluate("kind"));
        AssertTrue(site.Evaluate("properties.httpsOnly"));
        AssertTrue(site.Evaluate("properties.reserved"));
        Assert.Equal("1.2", site.Evaluate("properties.siteConfig.minTlsVersion"));
        Assert.Equal("1.2", site.Evaluate("properties.siteConfig.scmMinTlsVersion"));
        Assert.Equal("Disabled", site.Evaluate("properties.siteConfig.ftpsState"));
        AssertTrue(site.Evaluate("properties.siteConfig.alwaysOn"));
        Assert.Equal("DOTNET-ISOLATED|10.0", site.Evaluate("properties.siteConfig.linuxFxVersion"));
        Assert.Equal("UserAssigned", site.Evaluate("identity.type"));

        var plan = Assert.Single(Template.Resources("Microsoft.Web/serverfarms"));
        AssertTrue(plan.Evaluate("properties.reserved"));
        Assert.Equal("linux", plan.Evaluate("kind"));

        var policies = Template.Resources("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        foreach (var kind in new[] { "ftp", "scm" })
        {
            var policy = Assert.Single(policies, p => p.ShortName == kind);
            AssertFalse(policy.Evaluate("properties.allow"));
        }
    }

    [Fact]
    public void App_settings_bind_every_option_the_app_reads()
    {
        var settings = AppSettings();

        foreach (var name in new[]
                 {
                     "Storage__BlobServiceUri", "Storage__QueueServiceUri", "Storage__TableServiceUri",
                     "Storage__ManagedIdentityClientId", "Cosmos__AccountEndpoint", "Cosmos__DatabaseName",
                     "Cosmos__ManagedIdentityClientId", "Auth__Authority", "Auth__Audience",
                     "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
                     "FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_WORKER_RUNTIME", "ASPNETCORE_ENVIRONMENT",
                     "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
                 })
        {
            Assert.True(settings.ContainsKey(name), $"app setting {name} is missing");
        }

        Assert.Equal("~4", settings["FUNCTIONS_EXTENSION_VERSION"]);
        Assert.Equal("dotnet-isolated", settings["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("Production", settings["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("govdata", settings["Cosmos__DatabaseName"]);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal(new Symbolic("parameters('authAudience')"), settings["Auth__Audience"]);
        Assert.Equal(new Symbolic("parameters('authAuthority')"), settings["Auth__Authority"]);
        Assert.Equal(
            $"Authorization=AAD;ClientId={ArmTemplate.Evaluator.Render(settings["Storage__ManagedIdentityClientId"])}",
            settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);

        // Every "which identity" setting names the one user-assigned identity the site runs as.
        var identityName = Assert.Single(Template.Resources("Microsoft.ManagedIdentity/userAssignedIdentities")).Name;
        var clientId = new Symbolic($"reference(«resourceId(Microsoft.ManagedIdentity/userAssignedIdentities, {identityName})»).clientId");
        Assert.Equal(clientId, settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal(clientId, settings["Storage__ManagedIdentityClientId"]);
        Assert.Equal(clientId, settings["Cosmos__ManagedIdentityClientId"]);

        var site = Assert.Single(Template.Resources("Microsoft.Web/sites"));
        var identities = site.Node["identity"]!["userAssignedIdentities"]!.AsObject();
        var key = Assert.Single(identities).Key;
        Assert.Equal(
            $"«resourceId(Microsoft.ManagedIdentity/userAssignedIdentities, {identityName})»",
            ArmTemplate.Evaluator.Render(site.EvaluateExpression(key)));
    }

    [Fact]
    public void App_settings_hold_no_keys_or_connection_strings()
    {
        var settings = AppSettings();

        // Settings that would carry a storage key (Azure Files content share, key-based host storage).
        foreach (var forbidden in new[]
                 {
                     "AzureWebJobsStorage", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE",
                     "APPINSIGHTS_INSTRUMENTATIONKEY", "AzureWebJobsDashboard",
                 })
        {
            Assert.False(settings.ContainsKey(forbidden), $"app setting {forbidden} must not be set");
        }

        foreach (var (name, value) in settings)
        {
            var text = ArmTemplate.Evaluator.Render(value);
            foreach (var secretMarker in new[] { "AccountKey", "SharedAccessSignature", "SharedAccessKey", "listKeys", "listConnectionStrings", "listAccountSas", "listServiceSas" })
            {
                Assert.False(text.Contains(secretMarker, StringComparison.OrdinalIgnoreCase), $"{name} = {text} contains {secretMarker}");
            }
        }

        // And nowhere in the template is a key listed or a key-based connection string built.
        var json = Template.Root.ToJsonString();
        foreach (var secretMarker in new[] { "listKeys", "listConnectionStrings", "listAccountSas", "listServiceSas", "AccountKey=", "SharedAccessSignature=" })
        {
            Assert.DoesNotContain(secretMarker, json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Endpoints_come_from_the_resources_not_from_hard_coded_public_cloud_hosts()
    {
        var settings = AppSettings();

        AssertFromResource("Storage__BlobServiceUri", "Microsoft.Storage/storageAccounts", ".primaryEndpoints.blob");
        AssertFromResource("Storage__QueueServiceUri", "Microsoft.Storage/storageAccounts", ".primaryEndpoints.queue");
        AssertFromResource("Storage__TableServiceUri", "Microsoft.Storage/storageAccounts", ".primaryEndpoints.table");
        AssertFromResource("Cosmos__AccountEndpoint", "Microsoft.DocumentDB/databaseAccounts", ".documentEndpoint");
        AssertFromResource("APPLICATIONINSIGHTS_CONNECTION_STRING", "Microsoft.Insights/components", ".ConnectionString");

        // The host's own storage uses the same (cloud-specific) endpoints; __accountName alone
        // would make it build *.core.windows.net URIs, which do not exist in Azure China.
        Assert.Equal(settings["Storage__BlobServiceUri"], settings["AzureWebJobsStorage__blobServiceUri"]);
        Assert.Equal(settings["Storage__QueueServiceUri"], settings["AzureWebJobsStorage__queueServiceUri"]);
        Assert.Equal(settings["Storage__TableServiceUri"], settings["AzureWebJobsStorage__tableServiceUri"]);

        var json = WithoutDocumentation(Template.Root.DeepClone()).ToJsonString();
        foreach (var host in new[] { "windows.net", "azure.com", "microsoftonline.com", "azurewebsites.net", "chinacloudapi.cn", "azure.cn", "chinacloudsites.cn" })
        {
            Assert.DoesNotContain(host, json, StringComparison.OrdinalIgnoreCase);
        }

        // The default authority is this cloud's login endpoint.
        var authority = (string?)Template.Root["parameters"]!["authAuthority"]!["defaultValue"];
        Assert.NotNull(authority);
        Assert.Contains("environment().authentication.loginEndpoint", authority, StringComparison.Ordinal);

        void AssertFromResource(string setting, string resourceType, string property)
        {
            var value = Assert.IsType<Symbolic>(settings[setting]);
            Assert.StartsWith($"reference(«resourceId({resourceType}, ", value.Text, StringComparison.Ordinal);
            Assert.EndsWith(property, value.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Application_Insights_is_workspace_based_and_accepts_Entra_ID_only()
    {
        var component = Assert.Single(Template.Resources("Microsoft.Insights/components"));
        AssertTrue(component.Evaluate("properties.DisableLocalAuth"));
        Assert.Contains("Microsoft.OperationalInsights/workspaces", ArmTemplate.Evaluator.Render(component.Evaluate("properties.WorkspaceResourceId")), StringComparison.Ordinal);
        Assert.Single(Template.Resources("Microsoft.OperationalInsights/workspaces"));
    }

    [Fact]
    public void Outputs_name_the_app_its_host_and_its_identity()
    {
        var outputs = Template.Root["outputs"]!.AsObject();
        var evaluator = new ArmTemplate.Evaluator(Template.RootScope, null);

        var site = Assert.Single(Template.Resources("Microsoft.Web/sites"));
        Assert.Equal(site.Name, evaluator.Resolve(outputs["functionAppName"]!["value"]));
        var host = Assert.IsType<Symbolic>(evaluator.Resolve(outputs["defaultHostName"]!["value"]));
        Assert.Equal($"reference(«resourceId(Microsoft.Web/sites, {site.Name})»).defaultHostName", host.Text);
        var clientId = Assert.IsType<Symbolic>(evaluator.Resolve(outputs["identityClientId"]!["value"]));
        Assert.EndsWith(".clientId", clientId.Text, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", clientId.Text, StringComparison.Ordinal);
    }

    // --- helpers -----------------------------------------------------------------------------

    private Dictionary<string, object?> AppSettings()
    {
        var site = Assert.Single(Template.Resources("Microsoft.Web/sites"));
        var list = Assert.IsType<List<object?>>(site.EvaluateDeep("properties.siteConfig.appSettings"));
        var settings = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var entry in list.Cast<Dictionary<string, object?>>())
        {
            var name = Assert.IsType<string>(entry["name"]);
            Assert.True(settings.TryAdd(name, entry["value"]), $"app setting {name} is set twice");
        }

        return settings;
    }

    private static void AssertTrue(object? value) => Assert.True(value is true, $"expected true, got {ArmTemplate.Evaluator.Render(value)}");

    private static void AssertFalse(object? value) => Assert.True(value is false, $"expected false, got {ArmTemplate.Evaluator.Render(value)}");

    // Drops the $schema URLs and the metadata (descriptions, generator info): documentation may
    // name hosts, configuration may not.
    private static JsonNode WithoutDocumentation(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                o.Remove("$schema");
                o.Remove("metadata");
                foreach (var child in o.Select(p => p.Value).OfType<JsonNode>().ToList())
                {
                    WithoutDocumentation(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a.OfType<JsonNode>())
                {
                    WithoutDocumentation(child);
                }

                break;
        }

        return node;
    }
}
