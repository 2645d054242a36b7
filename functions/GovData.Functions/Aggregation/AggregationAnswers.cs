using GovData.Domain;
using GovData.Functions.Errors;

namespace GovData.Functions.Aggregation;

/// <summary>Why an aggregation operation was refused; the HTTP functions answer 404, 403, 409 or 400.</summary>
public enum AggregationRefusalKind
{
    /// <summary>Not there, or not the caller's to know of: ids cannot be probed.</summary>
    NotFound,
    /// <summary>The caller sees it but may not do this.</summary>
    Forbidden,
    /// <summary>Not possible in the current state.</summary>
    Conflict,
    /// <summary>The input breaks a rule; see the errors.</summary>
    Invalid,
}

/// <summary>
/// A refusal: its kind, the reason (for <see cref="AggregationRefusalKind.NotFound"/> what was not found), and the fields
/// (every field of an invalid input; the one field a conflict is about, if one).
/// </summary>
public sealed record AggregationRefusal(AggregationRefusalKind Kind, string Reason, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>404 naming <paramref name="what"/> ("Submission {id}").</summary>
    public static AggregationRefusal NotFound(string what) => new(AggregationRefusalKind.NotFound, what, []);

    /// <summary>403 with the reason.</summary>
    public static AggregationRefusal Forbidden(string reason) => new(AggregationRefusalKind.Forbidden, reason, []);

    /// <summary>409 with the reason, naming <paramref name="field"/> when the conflict is about one.</summary>
    public static AggregationRefusal Conflict(string reason, string? field = null) =>
        new(AggregationRefusalKind.Conflict, reason, field is null ? [] : [new ValidationError(field, reason)]);

    /// <summary>400 naming every field of <paramref name="errors"/>.</summary>
    public static AggregationRefusal Invalid(IReadOnlyList<ValidationError> errors) => new(AggregationRefusalKind.Invalid, "the input is not valid", errors);

    /// <summary>400 naming one field.</summary>
    public static AggregationRefusal Invalid(string field, string reason) => Invalid([new ValidationError(field, reason)]);

    /// <summary>Why the caller's department cannot submit to entry <paramref name="entryId"/>: 404, or 409 when it is its own but not published.</summary>
    public static AggregationRefusal Of(EntryRefusal refusal, string entryId) => refusal == EntryRefusal.NotFound
        ? NotFound($"Catalog entry {entryId}")
        : Conflict($"catalog entry {entryId} is not published (or was retired): only published entries take data (004 第九条)");
}

/// <summary>
/// What an aggregation operation came to, with no HTTP in sight: its value, or the refusal. The HTTP functions map it with
/// <see cref="AggregationAnswers"/>.
/// </summary>
public sealed record AggregationAnswer<T>(T? Value, AggregationRefusal? Refusal = null)
{
    /// <summary>Done with <paramref name="value"/>.</summary>
    public static AggregationAnswer<T> Done(T value) => new(value);

    /// <summary>A refusal answers any operation.</summary>
    public static implicit operator AggregationAnswer<T>(AggregationRefusal refusal) => new(default, refusal);
}

/// <summary>
/// How aggregation's HTTP functions answer an <see cref="AggregationAnswer{T}"/>: 200, 201 or 202 with the typed view, or the
/// refusal as problem+json (404 naming what, 403, 409 naming the field when there is one, 400 naming every field).
/// </summary>
public static class AggregationAnswers
{
    /// <summary>200 with the value, or the refusal.</summary>
    public static IResult Ok<T>(AggregationAnswer<T> answer) => answer.Refusal is { } r ? Problem(r) : Results.Ok(answer.Value);

    /// <summary>201 at <paramref name="location"/> with the value, or the refusal.</summary>
    public static IResult Created<T>(AggregationAnswer<T> answer, Func<T, string> location) =>
        answer.Refusal is { } r ? Problem(r) : Results.Created(location(answer.Value!), answer.Value);

    /// <summary>202 with the value and its status URL <paramref name="location"/>, or the refusal.</summary>
    public static IResult Accepted<T>(AggregationAnswer<T> answer, Func<T, string> location) =>
        answer.Refusal is { } r ? Problem(r) : Results.Accepted(location(answer.Value!), answer.Value);

    /// <summary>The problem+json of a refusal.</summary>
    public static IResult Problem(AggregationRefusal refusal) => refusal.Kind switch
    {
        AggregationRefusalKind.NotFound => Problems.NotFound(refusal.Reason),
        AggregationRefusalKind.Forbidden => Problems.Forbidden(refusal.Reason),
        AggregationRefusalKind.Conflict => Problems.Conflict(refusal.Reason, refusal.Errors.FirstOrDefault()?.Field),
        _ => Problems.Validation(refusal.Errors),
    };

    /// <summary>A query parameter as the caller wrote it (several values joined by commas), or null when absent.</summary>
    public static string? Single(HttpRequest req, string name) => req.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}
