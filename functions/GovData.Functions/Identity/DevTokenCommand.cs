using GovData.Domain.Identity;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Identity;

/// <summary>The <c>dev-token</c> command: prints a dev token signed with the Development key, for use with curl.</summary>
public static class DevTokenCommand
{
    /// <summary>Parses the options, validates them and prints the token; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2) values[args[i].TrimStart('-')] = args[i + 1];
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile("appsettings.Development.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        if (!auth.DevTokens.Enabled)
        {
            Console.Error.WriteLine("dev tokens are disabled (Auth:DevTokens:Enabled is false outside Development)");
            return 2;
        }
        var roles = values.GetValueOrDefault("roles", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var parsed = roles.Select(r => Enum.TryParse<Role>(r, out var role) ? role : (Role)(-1)).ToList();
        var request = new DevTokenRequest
        {
            UserId = values.GetValueOrDefault("user", "dev-user"),
            Department = values.GetValueOrDefault("department", ""),
            Jurisdiction = values.GetValueOrDefault("jurisdiction", ""),
            Roles = parsed,
        };
        var errors = DevTokenIssuer.Validate(request);
        if (errors.Count > 0)
        {
            foreach (var e in errors) Console.Error.WriteLine($"{e.Field}: {e.Reason}");
            Console.Error.WriteLine("usage: dev-token --department <USCC> --jurisdiction <division code> --roles DataSteward[,CatalogReviewer] [--user <id>]");
            return 2;
        }
        Console.WriteLine(new DevTokenIssuer(Options.Create(auth), TimeProvider.System).Issue(request).AccessToken);
        return 0;
    }
}
