using GovData.Domain;
using GovData.Functions.Errors;

namespace GovData.Functions.Supervision;

/// <summary>Why a supervision operation was refused; the HTTP functions answer 404, 409, 412 or 400.</summary>
public enum SupervisionRefusalKind
{
    /// <summary>Not there, or not the caller's to know of: ids cannot be probed.</summary>
    NotFound,
    /// <summary>Not possible in the current state.</summary>
    Conflict,
    /// <summary>The caller's If-Match is stale, or a concurrent writer won.</summary>
    PreconditionFailed,
    /// <summary>The input breaks a rule; see the errors.</summary>
    Invalid,
}

/// <summary>A refusal: its kind, the reason (for <see cref="SupervisionRefusalKind.NotFound"/> what was not found), and every field of an invalid input.</summary>
public sealed record SupervisionRefusal(SupervisionRefusalKind Kind, string Reason, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>404 naming <paramref name="what"/> ("Finding {id}").</summary>
    public static SupervisionRefusal NotFound(string what) => new(SupervisionRefusalKind.NotFound, what, []);

    /// <summary>409 with the reason.</summary>
    public static SupervisionRefusal Conflict(string reason) => new(SupervisionRefusalKind.Conflict, reason, []);

    /// <summary>412 with the reason.</summary>
    public static SupervisionRefusal PreconditionFailed(string reason) => new(SupervisionRefusalKind.PreconditionFailed, reason, []);

    /// <summary>400 naming every field of <paramref name="errors"/>.</summary>
    public static SupervisionRefusal Invalid(IReadOnlyList<ValidationError> errors) => new(SupervisionRefusalKind.Invalid, "the input is not valid", errors);

    /// <summary>400 naming one field.</summary>
    public static SupervisionRefusal Invalid(string field, string reason) => Invalid([new ValidationError(field, reason)]);
}

/// <summary>
/// What a supervision operation came to, with no HTTP in sight: its value (new or existing) and the store's ETag of what it
/// answers (findings and baselines), or the refusal. The HTTP functions map it with <see cref="SupervisionAnswers"/>.
/// </summary>
public sealed record SupervisionAnswer<T>(T? Value, SupervisionRefusal? Refusal = null, bool Created = false, string? ETag = null)
{
    /// <summary>Done with <paramref name="value"/>.</summary>
    public static SupervisionAnswer<T> Done(T value, string? etag = null) => new(value, ETag: etag);

    /// <summary>Created <paramref name="value"/>.</summary>
    public static SupervisionAnswer<T> New(T value, string? etag = null) => new(value, Created: true, ETag: etag);

    /// <summary>A refusal answers any operation.</summary>
    public static implicit operator SupervisionAnswer<T>(SupervisionRefusal refusal) => new(default, refusal);
}

/// <summary>
/// How supervision's HTTP functions answer a <see cref="SupervisionAnswer{T}"/>: 200 or 201 with the typed view (and the
/// ETag header when the answer has one), a report file, or the refusal as problem+json (404 naming what, 409, 412, 400
/// naming every field).
/// </summary>
public static class SupervisionAnswers
{
    /// <summary>200 with the value, or the refusal.</summary>
    public static IResult Ok<T>(HttpRequest req, SupervisionAnswer<T> answer)
    {
        if (answer.Refusal is { } r) return Problem(r);
        SetETag(req, answer);
        return Results.Ok(answer.Value);
    }

    /// <summary>201 at <paramref name="location"/> when created, else 200, with the value; or the refusal.</summary>
    public static IResult Created<T>(HttpRequest req, SupervisionAnswer<T> answer, Func<T, string> location)
    {
        if (answer.Refusal is { } r) return Problem(r);
        SetETag(req, answer);
        return answer.Created ? Results.Created(location(answer.Value!), answer.Value) : Results.Ok(answer.Value);
    }

    /// <summary>The report file as a download, or the refusal.</summary>
    public static IResult File(SupervisionAnswer<EvaluationReportFile> answer)
    {
        if (answer.Refusal is { } r) return Problem(r);
        var file = answer.Value!;
        return Results.File(file.Content, file.ContentType, fileDownloadName: file.FileName);
    }

    /// <summary>The problem+json of a refusal.</summary>
    public static IResult Problem(SupervisionRefusal refusal) => refusal.Kind switch
    {
        SupervisionRefusalKind.NotFound => Problems.NotFound(refusal.Reason),
        SupervisionRefusalKind.Conflict => Problems.Conflict(refusal.Reason),
        SupervisionRefusalKind.PreconditionFailed => Problems.PreconditionFailed(refusal.Reason),
        _ => Problems.Validation(refusal.Errors),
    };

    /// <summary>A query parameter as the caller wrote it (several values joined by commas), or null when absent.</summary>
    public static string? Single(HttpRequest req, string name) => req.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    /// <summary>The store's ETag as an HTTP entity tag (quoted).</summary>
    public static string Quoted(string? etag) => etag is null ? "" : etag.StartsWith('"') ? etag : $"\"{etag}\"";

    private static void SetETag<T>(HttpRequest req, SupervisionAnswer<T> answer)
    {
        if (answer.ETag is not null) req.HttpContext.Response.Headers.ETag = Quoted(answer.ETag);
    }
}
