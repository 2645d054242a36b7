using System.Globalization;
using GovData.Functions.Errors;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Bench;

/// <summary>What every benchmark needs: its `--name value` options and a Cosmos client for the local emulator.</summary>
internal static class BenchArgs
{
    /// <summary>The well-known key of the local Cosmos emulator (accepted for loopback endpoints only).</summary>
    public const string EmulatorCosmosKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    /// <summary>The value after <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public static string Get(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    /// <summary>The integer after <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public static int GetInt(string[] args, string name, string fallback) => int.Parse(Get(args, name, fallback), CultureInfo.InvariantCulture);

    /// <summary>A client for the emulator at <paramref name="endpoint"/>, configured as the app configures its own.</summary>
    public static CosmosClient EmulatorCosmosClient(Uri endpoint) =>
        StorageServiceExtensions.CreateCosmosClient(new CosmosOptions { AccountEndpoint = endpoint, AccountKey = EmulatorCosmosKey }, JsonDefaults.Storage);
}
