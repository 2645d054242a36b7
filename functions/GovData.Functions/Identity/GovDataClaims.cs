namespace GovData.Functions.Identity;

/// <summary>The claim types a GovData token carries (Entra ID maps directory extension attributes onto dept and jur).</summary>
public static class GovDataClaims
{
    /// <summary>The user id.</summary>
    public const string Subject = "sub";
    /// <summary>Display name.</summary>
    public const string Name = "name";
    /// <summary>The department's unified social credit code.</summary>
    public const string Department = "dept";
    /// <summary>The jurisdiction's GB/T 2260 division code.</summary>
    public const string Jurisdiction = "jur";
    /// <summary>Role names (Entra ID app roles).</summary>
    public const string Roles = "roles";
}
