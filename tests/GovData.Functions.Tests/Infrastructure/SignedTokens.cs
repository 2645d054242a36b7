using System.Text;
using GovData.Domain.Jurisdictions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GovData.Functions.Tests.Infrastructure;

/// <summary>Bearer tokens signed by a test itself (the dev issuer's settings unless it changes them), to probe validation.</summary>
public static class SignedTokens
{
    /// <summary>The local development signing key (not a secret).</summary>
    public const string DevKey = "govdata-local-development-signing-key-not-a-secret-0001";

    /// <summary>A token for a DataSteward of the public security bureau, valid from <paramref name="now"/> for an hour, after <paramref name="change"/>.</summary>
    public static string Sign(DateTime now, Action<SecurityTokenDescriptor>? change = null, string key = DevKey)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = "govdata-dev",
            Audience = "govdata-api",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "u1",
                ["dept"] = DemoJurisdiction.PublicSecurity.Code,
                ["jur"] = "350800",
                ["roles"] = new[] { "DataSteward" },
            },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        };
        change?.Invoke(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
