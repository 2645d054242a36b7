using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace GovData.Domain.Audit;

/// <summary>
/// What a record may hold, so the chain, the journal and the table index can always store the same record: every text
/// field is cut to <see cref="MaxField"/> characters (with the original length and a hash of the whole), the id and the
/// jurisdiction must be short and plain. Endpoints refuse longer input with 400 before anything happens; this is the net
/// behind them, applied to every record before it is chained.
/// </summary>
public static partial class AuditRecordBounds
{
    /// <summary>The longest text field kept whole (the table index allows 32K characters per property, 1 MiB per row).</summary>
    public const int MaxField = 8000;

    /// <summary>The longest record id.</summary>
    public const int MaxId = 512;

    /// <summary>The record as it is stored: every field within its bound. Throws when the id or jurisdiction is unusable.</summary>
    public static AuditRecord Apply(AuditRecord r)
    {
        if (string.IsNullOrEmpty(r.Id) || r.Id.Length > MaxId || r.Id.Any(char.IsControl))
            throw new ArgumentException($"an audit record id is 1 to {MaxId} characters without control characters", nameof(r));
        if (!JurisdictionPattern().IsMatch(r.Jurisdiction ?? ""))
            throw new ArgumentException($"'{Cut(r.Jurisdiction, 40)}' is not a jurisdiction code", nameof(r));
        return r with
        {
            UserId = Cut(r.UserId)!,
            Department = Cut(r.Department),
            Roles = Cut(r.Roles),
            Action = Cut(r.Action)!,
            Resource = Cut(r.Resource)!,
            DataOwner = Cut(r.DataOwner),
            DataContent = Cut(r.DataContent),
            Purpose = Cut(r.Purpose),
            Approver = Cut(r.Approver),
            Method = Cut(r.Method),
            Medium = Cut(r.Medium),
            Reason = Cut(r.Reason),
            RequestId = Cut(r.RequestId),
        };
    }

    /// <summary>True when the id has the form <see cref="NewId"/> mints: 32 lowercase hex digits, a random GUID.</summary>
    public static bool IsRandomId(string id) => id.Length == 32 && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>A new random record id (a GUID as 32 lowercase hex digits).</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// The record id of one operation, derived from what names it (e.g. the jurisdiction, the request or deadline id and the
    /// event id), so the same operation done again (a retried activity, a redelivered message, a resent event) writes the same
    /// record and the trail keeps one: <c>{action}:{SHA-256 of the parts}</c>. Never of the random form (<see cref="IsRandomId"/>),
    /// so the log looks it up in the whole trail, and within <see cref="MaxId"/> whatever the parts hold.
    /// </summary>
    public static string OperationId(string action, params string[] parts)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        // Each part length-prefixed, so no two lists of parts hash the same text.
        var text = string.Concat(parts.Select(p => $"{p.Length}:{p};"));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return $"{Cut(action, 100)}:{hash}";
    }

    private static string? Cut(string? value, int max = MaxField)
    {
        if (value is null || value.Length <= max) return value;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];
        var note = $"… [cut: {value.Length} characters, sha256 {hash}…]";
        var keep = max - note.Length;
        // Never split a surrogate pair.
        if (keep > 0 && char.IsHighSurrogate(value[keep - 1])) keep--;
        return value[..keep] + note;
    }

    [GeneratedRegex("^[0-9A-Za-z]{1,16}$")]
    private static partial Regex JurisdictionPattern();
}
