using GovData.Functions.Errors;

namespace GovData.Functions.Opening;

/// <summary>
/// How opening's HTTP functions read their query and turn an <see cref="OpeningAnswer{T}"/> into an answer: 200, 201 or 202
/// with the value, or the refusal as problem+json (400 naming every field, 401 with a Bearer challenge, 403, 404, 409 naming
/// the field when there is one).
/// </summary>
public static class OpeningAnswers
{
    /// <summary>200 with the value, or the refusal.</summary>
    public static IResult Ok<T>(OpeningAnswer<T> answer) => answer.Refusal is { } r ? Problem(r) : Results.Ok(answer.Value);

    /// <summary>201 at <paramref name="location"/> with the value, or the refusal.</summary>
    public static IResult Created<T>(OpeningAnswer<T> answer, Func<T, string> location) =>
        answer.Refusal is { } r ? Problem(r) : Results.Created(location(answer.Value!), answer.Value);

    /// <summary>202 at <paramref name="location"/> with the value, or the refusal.</summary>
    public static IResult Accepted<T>(OpeningAnswer<T> answer, Func<T, string> location) =>
        answer.Refusal is { } r ? Problem(r) : Results.Accepted(location(answer.Value!), answer.Value);

    /// <summary>The DCAT v3 JSON-LD text as <c>application/ld+json</c>, or the refusal.</summary>
    public static IResult Dcat(OpeningAnswer<string> answer) =>
        answer.Refusal is { } r ? Problem(r) : Results.Text(answer.Value!, JsonLd + "; charset=utf-8");

    /// <summary>The published file, streamed as an attachment with its source (and restriction) headers, or the refusal.</summary>
    public static IResult Download(OpeningAnswer<OpenDownload> answer, HttpResponse response)
    {
        if (answer.Refusal is { } r) return Problem(r);
        var file = answer.Value!;
        foreach (var (name, value) in file.Headers) response.Headers[name] = value;
        return Results.Stream(file.Content, file.ContentType, file.FileName);
    }

    /// <summary>The scheme and host this API was called at, for the URIs of a DCAT document.</summary>
    public static string Origin(HttpRequest req) => $"{req.Scheme}://{req.Host}";

    /// <summary>The media type of DCAT JSON-LD.</summary>
    public const string JsonLd = "application/ld+json";

    /// <summary>The problem+json of a refusal.</summary>
    public static IResult Problem(OpeningRefusal refusal) => refusal.Kind switch
    {
        OpeningRefusalKind.NotFound => Problems.NotFound(refusal.Reason),
        OpeningRefusalKind.Forbidden => Problems.Forbidden(refusal.Reason),
        OpeningRefusalKind.Conflict => Problems.Conflict(refusal.Reason, refusal.Errors.FirstOrDefault()?.Field),
        OpeningRefusalKind.SignInRequired => new Challenge(Results.Problem(statusCode: StatusCodes.Status401Unauthorized, type: Problems.TypeOf("unauthorized"),
            title: "Unauthorized", detail: refusal.Reason)),
        _ => Problems.Validation(refusal.Errors, refusal.Detail),
    };

    /// <summary>A query parameter as the caller wrote it (several values joined by commas; empty when given empty), or null when absent.</summary>
    public static string? Query(HttpRequest req, string name) => req.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    /// <summary>
    /// An enumeration from the query (its name, as ASP.NET Core binds one), null when absent or empty; a value that is not one
    /// is a 400 naming the parameter.
    /// </summary>
    public static (T? Value, IResult? Problem) Enum<T>(HttpRequest req, string name) where T : struct, System.Enum
    {
        if (Query(req, name) is not { Length: > 0 } text) return (null, null);
        return System.Enum.TryParse<T>(text, out var value) ? (value, null) : (null, Problems.Validation(name, $"must be one of: {string.Join(", ", System.Enum.GetNames<T>())}"));
    }

    /// <summary>true or false from the query, null when absent or empty; anything else is a 400 naming the parameter.</summary>
    public static (bool? Value, IResult? Problem) Boolean(HttpRequest req, string name)
    {
        if (Query(req, name) is not { Length: > 0 } text) return (null, null);
        return bool.TryParse(text, out var value) ? (value, null) : (null, Problems.Validation(name, "must be true or false"));
    }

    // Adds the Bearer challenge a 401 carries, then writes the problem.
    private sealed class Challenge(IResult problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return problem.ExecuteAsync(httpContext);
        }
    }
}
