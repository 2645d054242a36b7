using GovData.Domain;
using GovData.Functions.Errors;

namespace GovData.Functions.Hosting.Http;

/// <summary>
/// What an operation whose refusals are plain came to, with no HTTP in sight: its value, or the fields it refused (400), what
/// it did not find (404), why it was forbidden (403) or a conflict and its field (409). Features with refusals of their own
/// (sharing, the catalog, aggregation, opening, supervision) have answer types of their own.
/// </summary>
public sealed record OperationAnswer<T>(T? Value, IReadOnlyList<ValidationError>? Invalid = null, string? NotFound = null, string? Forbidden = null,
    string? Conflict = null, string? ConflictField = null)
{
    /// <summary>Refused: <paramref name="field"/> <paramref name="reason"/>.</summary>
    public static OperationAnswer<T> Refused(string field, string reason) => new(default, [new ValidationError(field, reason)]);

    /// <summary>Refused for <paramref name="error"/>.</summary>
    public static OperationAnswer<T> Refused(ValidationError error) => new(default, [error]);
}

/// <summary>How HTTP functions answer an <see cref="OperationAnswer{T}"/>.</summary>
public static class OperationAnswers
{
    /// <summary>200 with the value, or the refusal as problem+json.</summary>
    public static IResult Ok<T>(OperationAnswer<T> answer) =>
        answer.Invalid is { Count: > 0 } invalid ? Problems.Validation(invalid)
        : answer.NotFound is { } what ? Problems.NotFound(what)
        : answer.Forbidden is { } forbidden ? Problems.Forbidden(forbidden)
        : answer.Conflict is { } conflict ? Problems.Conflict(conflict, answer.ConflictField)
        : Results.Ok(answer.Value);
}
