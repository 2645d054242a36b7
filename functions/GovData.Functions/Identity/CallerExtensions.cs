using System.Security.Claims;
using GovData.Domain.Identifiers;
using GovData.Domain.Identity;

namespace GovData.Functions.Identity;

/// <summary>Turns an authenticated principal into the domain's <see cref="Caller"/>.</summary>
public static class CallerExtensions
{
    private const string CallerItemKey = "govdata.caller";

    /// <summary>The caller of an authenticated request; throws if the endpoint allowed anonymous access.</summary>
    public static Caller GetCaller(this HttpContext context)
    {
        if (context.Items.TryGetValue(CallerItemKey, out var cached) && cached is Caller c) return c;
        var caller = TryCreate(context.User, out var error)
            ?? throw new InvalidOperationException($"The request has no valid caller: {error}");
        context.Items[CallerItemKey] = caller;
        return caller;
    }

    /// <summary>The caller, or null on an anonymous request.</summary>
    public static Caller? GetCallerOrNull(this HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? context.GetCaller() : null;

    /// <summary>Builds a caller from validated claims, or explains which claim is missing or wrong.</summary>
    public static Caller? TryCreate(ClaimsPrincipal principal, out string? error)
    {
        var user = principal.FindFirst(GovDataClaims.Subject)?.Value;
        var dept = principal.FindFirst(GovDataClaims.Department)?.Value;
        var jur = principal.FindFirst(GovDataClaims.Jurisdiction)?.Value;
        var roles = new HashSet<Role>();
        foreach (var claim in principal.FindAll(GovDataClaims.Roles))
        {
            if (!Enum.TryParse<Role>(claim.Value, ignoreCase: false, out var role) || !Enum.IsDefined(role))
            {
                error = $"role '{claim.Value}' is not a GovData role";
                return null;
            }
            roles.Add(role);
        }
        if (string.IsNullOrWhiteSpace(user)) { error = "the token has no 'sub' claim"; return null; }
        if (roles.Count == 0) { error = "the token has no 'roles' claim"; return null; }
        if (DivisionCode.Validate(jur) is { } jurError) { error = $"claim 'jur' {jurError}"; return null; }
        if (UnifiedSocialCreditCode.Validate(dept) is { } deptError) { error = $"claim 'dept' {deptError}"; return null; }
        error = null;
        return new Caller(user, dept!, jur!, roles);
    }
}
