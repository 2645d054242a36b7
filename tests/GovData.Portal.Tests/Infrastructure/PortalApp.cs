using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Tests.Opening;

namespace GovData.Portal.Tests.Infrastructure;

/// <summary>
/// The real app on the local host (GovDataApp: Kestrel, emulators, a clock the test moves) serving the published portal at /,
/// with the settings the open-data tests use.
/// </summary>
public sealed class PortalApp : GovDataApp
{
    /// <summary>The published portal beside this test assembly (the project's PublishPortal target).</summary>
    public static string PortalRoot { get; } = Path.Combine(AppContext.BaseDirectory, "portal", "wwwroot");

    public PortalApp()
    {
        if (!File.Exists(Path.Combine(PortalRoot, "index.html")))
            throw new InvalidOperationException($"The portal is not published at {PortalRoot}: build tests/GovData.Portal.Tests (its PublishPortal target publishes it).");
        Settings["LocalHost:PortalRoot"] = PortalRoot;
        Settings["Opening:PseudonymSecret"] = Convert.ToBase64String(OpeningSamples.Secret);
    }

    /// <summary>The portal's address of <paramref name="path"/>.</summary>
    public string Url(string path = "") => new Uri(Address, path.TrimStart('/')).ToString();
}
