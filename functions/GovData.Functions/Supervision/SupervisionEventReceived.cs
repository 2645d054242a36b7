using System.Text.Json;
using GovData.Domain.Identifiers;
using GovData.Functions.Triggers;

namespace GovData.Functions.Supervision;

/// <summary>
/// The queue function on <c>supervision</c>: counts one <see cref="SupervisionEvent"/> in its department's scorecard.
/// At-least-once safe: the event id is stored with the counters it changed, so a redelivery counts nothing twice.
/// A message that is not a valid event throws, so after the host's retries it lands in <c>supervision-poison</c> for a person to read.
/// </summary>
public sealed class SupervisionEventReceived(ScorecardStore scorecards, JsonSerializerOptions json)
{
    /// <inheritdoc />
    public async Task<string> HandleAsync(QueueDelivery invocation, CancellationToken cancellationToken)
    {
        var text = invocation.Text;
        SupervisionEvent e;
        try { e = JsonSerializer.Deserialize<SupervisionEvent>(text, json) ?? throw new InvalidDataException("the supervision message is null"); }
        catch (JsonException x) { throw new InvalidDataException("the supervision message is not a supervision event: " + x.Message, x); }
        if (Validate(e) is { } problem) throw new InvalidDataException($"supervision event {e.Id}: {problem}");
        var counted = await scorecards.ApplyAsync(e, cancellationToken);
        return (counted ? $"counted {e.Kind} {e.Id} for {e.Department}" : $"{e.Id} was already counted");
    }

    /// <summary>Why an event cannot be counted, or null.</summary>
    public static string? Validate(SupervisionEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (string.IsNullOrWhiteSpace(e.Id) || e.Id.Length > 255) return "the id must have 1 to 255 characters";
        if (DivisionCode.Validate(e.Jurisdiction) is { } j) return "jurisdiction " + j;
        if (UnifiedSocialCreditCode.Validate(e.Department) is { } d) return "department " + d;
        if (string.IsNullOrWhiteSpace(e.Kind)) return "the kind is missing";
        if (e.At.Year is < Domain.Supervision.ScorecardPeriod.MinYear or > Domain.Supervision.ScorecardPeriod.MaxYear) return "the time is out of range";
        return null;
    }
}
