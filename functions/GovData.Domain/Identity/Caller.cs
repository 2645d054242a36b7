namespace GovData.Domain.Identity;

/// <summary>The authenticated user behind a request: who, for which department and jurisdiction, in which roles.</summary>
public sealed record Caller(string UserId, string Department, string Jurisdiction, IReadOnlySet<Role> Roles)
{
    /// <summary>True when the caller holds <paramref name="role"/>.</summary>
    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>True when the caller works for <paramref name="department"/> (a unified social credit code).</summary>
    public bool BelongsTo(string department) => string.Equals(Department, department, StringComparison.Ordinal);

    /// <summary>True when the caller acts within <paramref name="jurisdiction"/>.</summary>
    public bool ActsIn(string jurisdiction) => string.Equals(Jurisdiction, jurisdiction, StringComparison.Ordinal);

    /// <summary>The roles as their names, for audit records.</summary>
    public string RoleNames => string.Join(',', Roles.Order());
}
