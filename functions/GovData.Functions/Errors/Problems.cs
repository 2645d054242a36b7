using GovData.Domain;
using GovData.Domain.Labels;

namespace GovData.Functions.Errors;

/// <summary>Builds RFC 9457 problem+json answers that name the field and the reason.</summary>
public static class Problems
{
    /// <summary>The problem type URI for a kind of problem.</summary>
    public static string TypeOf(string kind) => "urn:govdata:problem:" + kind;

    /// <summary>400: the request is not valid; one entry per field.</summary>
    public static IResult Validation(IEnumerable<ValidationError> errors, string? detail = null)
    {
        var list = ProblemError.Of(errors);
        return Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            type: TypeOf("validation"),
            title: "The request is not valid",
            detail: detail ?? string.Join("; ", list.Select(e => $"{e.Field}: {e.Reason}")),
            extensions: new Dictionary<string, object?> { ["errors"] = list });
    }

    /// <summary>405: the path exists but takes only <paramref name="allowed"/> (the caller also sets the Allow header).</summary>
    public static IResult MethodNotAllowed(string method, string path, IReadOnlyCollection<string> allowed) =>
        Results.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, type: TypeOf("method-not-allowed"), title: "Method not allowed",
            detail: $"{method} is not allowed on {path}; it takes {string.Join(", ", allowed)}.");

    /// <summary>400 for one field.</summary>
    public static IResult Validation(string field, string reason) => Validation([new ValidationError(field, reason)]);

    /// <summary>404: the resource does not exist or the caller may not know it exists.</summary>
    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, type: TypeOf("not-found"), title: "Not found", detail: $"{what} was not found.");

    /// <summary>403: the caller is known but may not do this.</summary>
    public static IResult Forbidden(string reason) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, type: TypeOf("forbidden"), title: "Forbidden", detail: reason, extensions: InChinese(reason));

    /// <summary>409: the state changed, or the action does not fit the current state.</summary>
    public static IResult Conflict(string reason, string? field = null)
    {
        var extensions = InChinese(reason) ?? [];
        if (field is not null) extensions["errors"] = new[] { new ProblemError(field, reason) };
        return Results.Problem(statusCode: StatusCodes.Status409Conflict, type: TypeOf("conflict"), title: "Conflict", detail: reason,
            extensions: extensions.Count == 0 ? null : extensions);
    }

    /// <summary>412: the caller's If-Match does not match the current version.</summary>
    public static IResult PreconditionFailed(string reason) =>
        Results.Problem(statusCode: StatusCodes.Status412PreconditionFailed, type: TypeOf("precondition-failed"), title: "Precondition failed", detail: reason,
            extensions: InChinese(reason));

    /// <summary>422: understood, but a domain rule forbids it.</summary>
    public static IResult RuleViolation(string reason, string? rule = null)
    {
        var extensions = InChinese(reason) ?? [];
        if (rule is not null) extensions["rule"] = rule;
        return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, type: TypeOf("rule-violation"), title: "Refused by a rule", detail: reason,
            extensions: extensions.Count == 0 ? null : extensions);
    }

    // The detail in Chinese beside the English (detailZh), where ZhDetails has it.
    private static Dictionary<string, object?>? InChinese(string reason) =>
        ZhDetails.Translate(reason) is { } zh ? new Dictionary<string, object?> { ["detailZh"] = zh } : null;
}
