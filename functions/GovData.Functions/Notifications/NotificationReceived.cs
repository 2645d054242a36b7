using GovData.Domain.Identifiers;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Reference;
using GovData.Functions.Triggers;

namespace GovData.Functions.Notifications;

/// <summary>
/// The queue function on <c>notifications</c>: files one message in its department's inbox. At-least-once safe: the
/// document id is derived from the message, created create-only, so a redelivery changes nothing. A message that is not a
/// notification, or names an addressee that cannot be resolved, throws and after the host's retries lands in
/// <c>notifications-poison</c> for a person to read.
/// </summary>
public sealed class NotificationReceived(NotificationStore store, ReferenceStore reference, TimeProvider time) : ITriggerHandler
{
    /// <inheritdoc />
    public string FunctionName => "NotificationReceived";

    /// <inheritdoc />
    public async Task<TriggerResult> HandleAsync(TriggerInvocation invocation, CancellationToken cancellationToken)
    {
        var message = NotificationMessage.Parse(invocation.Text("message"));
        var department = await ResolveAsync(message.Jurisdiction, message.Department, cancellationToken);
        var id = NotificationMessage.IdOf(message);
        var created = await store.TryCreateAsync(new NotificationDocument
        {
            Id = id,
            Jurisdiction = message.Jurisdiction,
            Kind = message.Type,
            Department = department,
            Addressee = message.Department,
            Subject = message.Subject,
            DueDate = message.DueDate,
            Rule = message.Rule,
            Data = message.Data,
            ReceivedAt = time.GetUtcNow(),
        }, cancellationToken);
        return TriggerResult.Log(created ? $"{message.Type} for {department} filed as {id}" : $"{id} was already in the inbox");
    }

    /// <summary>
    /// The department code of an addressee: a code stands for itself; the senders name the DataAuthority and the
    /// CoordinationOffice by role (escalations), which is the jurisdiction's one unit of that kind.
    /// </summary>
    public async Task<string> ResolveAsync(string jurisdiction, string addressee, CancellationToken ct)
    {
        if (UnifiedSocialCreditCode.Validate(addressee) is null) return addressee;
        UnitKind? kind = addressee.Split(':')[0] switch
        {
            nameof(Role.CoordinationOffice) => UnitKind.CoordinationOffice,
            nameof(Role.DataAuthority) => UnitKind.DataAuthority,
            _ => null,
        };
        if (kind is null) throw new InvalidDataException($"department '{addressee}' is neither a unified social credit code nor a known role");
        var units = await reference.ListDepartmentsAsync(jurisdiction, ct);
        // Not found is not the message's fault (the unit may be registered later): retrying is right, and the poison queue keeps it.
        return units.FirstOrDefault(u => u.Kind == kind)?.Code
            ?? throw new InvalidOperationException($"jurisdiction {jurisdiction} has no {kind} registered to receive '{addressee}'");
    }
}
