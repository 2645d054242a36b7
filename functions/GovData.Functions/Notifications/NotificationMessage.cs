using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GovData.Domain.Identifiers;

namespace GovData.Functions.Notifications;

/// <summary>A message on the <c>notifications</c> queue, as the features send it (deadline notifications and error feedback).</summary>
public sealed record NotificationMessage(string Type, string Jurisdiction, string Department, string Subject, DateOnly? DueDate, string? Rule, Dictionary<string, string> Data)
{
    private static readonly HashSet<string> Known = ["type", "jurisdiction", "department", "subject", "dueDate", "rule"];

    /// <summary>Reads a message; throws <see cref="InvalidDataException"/> naming the field when it is not a notification.</summary>
    public static NotificationMessage Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidDataException("the notification message is empty");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text); }
        catch (JsonException x) { throw new InvalidDataException("the notification message is not JSON: " + x.Message, x); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("the notification message is not a JSON object");
            var type = Required(root, "type", 100);
            var jurisdiction = Required(root, "jurisdiction", 6);
            if (DivisionCode.Validate(jurisdiction) is { } j) throw new InvalidDataException("jurisdiction " + j);
            var department = Required(root, "department", 100);
            var subject = Required(root, "subject", 400);
            DateOnly? due = null;
            if (Optional(root, "dueDate") is { } d)
            {
                if (!DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                    throw new InvalidDataException($"dueDate '{d}' is not a yyyy-MM-dd date");
                due = parsed;
            }
            var rule = Optional(root, "rule");
            var data = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in root.EnumerateObject())
            {
                if (Known.Contains(p.Name) || data.Count >= 20) continue;
                if (p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                    data[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
            return new NotificationMessage(type, jurisdiction, department, subject, due, rule, data);
        }
    }

    /// <summary>The inbox document id: SHA-256 of what makes a notification the same one, so a redelivery finds its document.</summary>
    public static string IdOf(NotificationMessage m) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', m.Type, m.Jurisdiction, m.Department, m.Subject, m.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""))));

    /// <summary>
    /// Whether a due date is provisional on <paramref name="calendar"/>: it lies after the last loaded year, so its year's
    /// holiday arrangement is not announced (a working-day deadline is provisional exactly then; docs/calendar.md). Null without a date.
    /// </summary>
    public static bool? IsProvisional(DateOnly? dueDate, Domain.Calendar.WorkingDayCalendar calendar) =>
        dueDate is { } d ? d.Year > calendar.LastLoadedYear : null;

    /// <summary>True when <paramref name="id"/> has the shape of <see cref="IdOf"/>.</summary>
    public static bool IsId(string? id) => id is { Length: 64 } && id.All(char.IsAsciiHexDigitLower);

    private static string Required(JsonElement root, string name, int max) =>
        Optional(root, name) is { } v
            ? v.Length <= max ? v : throw new InvalidDataException($"{name} is longer than {max} characters")
            : throw new InvalidDataException($"{name} is missing");

    private static string? Optional(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw new InvalidDataException($"{name} must be a string");
        var s = v.GetString()!.Trim();
        return s.Length == 0 ? null : s;
    }
}
