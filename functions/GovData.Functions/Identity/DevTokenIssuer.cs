using System.Security.Claims;
using System.Text;
using GovData.Domain;
using GovData.Domain.Identifiers;
using GovData.Domain.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GovData.Functions.Identity;

/// <summary>What a developer asks a dev token for.</summary>
public sealed record DevTokenRequest
{
    /// <summary>The user id (sub).</summary>
    public required string UserId { get; init; }
    /// <summary>The department's unified social credit code.</summary>
    public required string Department { get; init; }
    /// <summary>The jurisdiction's division code.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>The roles to carry.</summary>
    public required IReadOnlyList<Role> Roles { get; init; }
    /// <summary>A display name.</summary>
    public string? Name { get; init; }
}

/// <summary>The issued token in the OAuth token-response shape.</summary>
public sealed record DevTokenResponse(string AccessToken, string TokenType, int ExpiresIn);

/// <summary>Signs dev tokens with the local key; exists only when the environment is Development.</summary>
public sealed class DevTokenIssuer(IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>The signing key shared with token validation.</summary>
    public static SymmetricSecurityKey KeyFrom(DevTokenOptions o) =>
        new(Encoding.UTF8.GetBytes(o.SigningKey ?? throw new InvalidOperationException("Auth:DevTokens:SigningKey is not set")));

    /// <summary>Checks a request; returns the problems found, if any.</summary>
    public static IReadOnlyList<ValidationError> Validate(DevTokenRequest request)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(request.UserId) || request.UserId.Length > 128) errors.Add(new("userId", "is required, at most 128 characters"));
        if (UnifiedSocialCreditCode.Validate(request.Department) is { } d) errors.Add(new("department", d));
        if (DivisionCode.Validate(request.Jurisdiction) is { } j) errors.Add(new("jurisdiction", j));
        if (request.Roles is not { Count: > 0 }) errors.Add(new("roles", "at least one role is required"));
        else if (request.Roles.Any(r => !Enum.IsDefined(r))) errors.Add(new("roles", "contains an unknown role"));
        return errors;
    }

    /// <summary>Issues a signed token for a valid request.</summary>
    public DevTokenResponse Issue(DevTokenRequest request)
    {
        var o = options.Value.DevTokens;
        var now = time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            [GovDataClaims.Subject] = request.UserId,
            [GovDataClaims.Department] = request.Department,
            [GovDataClaims.Jurisdiction] = request.Jurisdiction,
            [GovDataClaims.Roles] = request.Roles.Select(r => r.ToString()).ToArray(),
        };
        if (request.Name is not null) claims[GovDataClaims.Name] = request.Name;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = o.Issuer,
            Audience = o.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(o.Lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(KeyFrom(o), SecurityAlgorithms.HmacSha256),
        });
        return new DevTokenResponse(token, "Bearer", (int)o.Lifetime.TotalSeconds);
    }
}
