using static GovData.Functions.Tests.Infra.ArmTemplate;

namespace GovData.Functions.Tests.Infra;

/// <summary>The portal's static website: an account of its own, private containers, and the only origin the API allows.</summary>
public sealed class PortalInfraTests(CompiledInfra infra) : IClassFixture<CompiledInfra>
{
    private ArmTemplate Template => infra.Template;

    [Fact]
    public void The_portal_has_its_own_storage_account_with_no_keys_and_no_anonymous_containers()
    {
        var portal = Assert.Single(Template.Resources("Microsoft.Storage/storageAccounts"), a => (string?)a.Scope.Deployment?["name"] == "portal");
        Assert.Equal(false, portal.Evaluate("properties.allowSharedKeyAccess"));
        Assert.Equal(false, portal.Evaluate("properties.allowBlobPublicAccess"));
        Assert.Equal(false, portal.Evaluate("properties.allowCrossTenantReplication"));
        Assert.Equal("TLS1_2", portal.Evaluate("properties.minimumTlsVersion"));
        Assert.Equal("Standard_LRS", portal.Evaluate("sku.name"));
        Assert.Equal(new Symbolic("parameters('location')"), portal.Evaluate("location"));
    }

    [Fact]
    public void The_Function_App_allows_the_portal_origin_and_no_credentials()
    {
        var site = Assert.Single(Template.Resources("Microsoft.Web/sites"));
        var cors = site.Node["properties"]!["siteConfig"]!["cors"]!;
        Assert.False((bool)cors["supportCredentials"]!);
        Assert.Equal("[parameters('corsAllowedOrigins')]", (string?)cors["allowedOrigins"]);
        // main.bicep passes the portal module's origin, and nothing else.
        var origins = Template.RootScope.NestedDeployment("functionApp").Deployment!["properties"]!["parameters"]!["corsAllowedOrigins"]!["value"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("'portal'", origins, StringComparison.Ordinal);
        Assert.Contains("origin", origins, StringComparison.Ordinal);
    }

    [Fact]
    public void The_portal_signs_in_with_the_authority_the_API_trusts()
    {
        // docs/portal.md writes the portal's SignIn:Authority from this output; the app's Auth__Authority is the same parameter.
        Assert.Equal("[parameters('authAuthority')]", (string?)Template.Root["outputs"]!["signInAuthority"]!["value"]);
    }
}
