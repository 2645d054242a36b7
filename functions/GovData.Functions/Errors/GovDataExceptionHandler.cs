using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Errors;

/// <summary>
/// Turns every exception into a problem+json answer: malformed bodies become 400 with the field and reason,
/// an unreachable store becomes 503 with Retry-After, and anything else a 500 without internals.
/// </summary>
public sealed partial class GovDataExceptionHandler(IProblemDetailsService problems, ILogger<GovDataExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>How long a caller should wait after a 503 before retrying.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            context.Response.StatusCode = 499;
            return true;
        }
        var problem = Describe(exception);
        if (problem.Status == StatusCodes.Status500InternalServerError)
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
        else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning(exception, "A backing store is unavailable on {Method} {Path}", context.Request.Method, context.Request.Path);
            context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        // A body refused for its size may still be arriving: close the connection after the answer rather than let the next
        // request on it wait behind the rest of this one.
        if (problem.Status == StatusCodes.Status413PayloadTooLarge) context.Response.Headers.Connection = "close";
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>Describes an exception as a problem (public for the trigger endpoints, which answer the Functions host).</summary>
    public static ProblemDetails Describe(Exception exception)
    {
        switch (exception)
        {
            case BadHttpRequestException bad when FindJson(bad) is { } json:
                return JsonProblem(json);
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } big:
                return Problem(413, "payload-too-large", "The request body is too large", big.Message);
            case BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType }:
                return Problem(415, "unsupported-media-type", "Unsupported media type", "The body must be application/json.");
            case BadHttpRequestException bad:
                return Problem(bad.StatusCode, "bad-request", "Bad request", Sanitize(bad.Message));
            case JsonException json:
                return JsonProblem(json);
            case CosmosException { StatusCode: System.Net.HttpStatusCode.PreconditionFailed }:
                return Problem(409, "conflict", "Conflict", "The resource was changed by someone else; read it again and retry.");
            default:
                if (IsUnavailable(exception))
                    return Problem(503, "unavailable", "Service unavailable", "A backing store is not reachable right now; nothing was changed. Retry later.");
                return Problem(500, "internal", "Internal error", "An unexpected error occurred; it has been logged with the trace id.");
        }
    }

    /// <summary>True when the exception, or any exception inside it, says a store could not be reached in time.</summary>
    internal static bool IsUnavailable(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.Count > 0)
        {
            var e = pending.Pop();
            switch (e)
            {
                case CosmosException { StatusCode: System.Net.HttpStatusCode.ServiceUnavailable or System.Net.HttpStatusCode.RequestTimeout or System.Net.HttpStatusCode.TooManyRequests }:
                case RequestFailedException { Status: 0 or 408 or 429 or 500 or 502 or 503 or 504 }:
                case HttpRequestException:
                case SocketException:
                case TimeoutException:
                case TaskCanceledException:
                    return true;
            }
            if (e is AggregateException aggregate) foreach (var inner in aggregate.InnerExceptions) pending.Push(inner);
            else if (e.InnerException is not null) pending.Push(e.InnerException);
        }
        return false;
    }

    private static JsonException? FindJson(Exception e)
    {
        for (var x = e.InnerException; x is not null; x = x.InnerException)
            if (x is JsonException j) return j;
        return null;
    }

    private static ProblemDetails JsonProblem(JsonException json)
    {
        var (field, reason) = Explain(json);
        var p = Problem(400, "validation", "The request is not valid", $"{field}: {reason}");
        p.Extensions["errors"] = new[] { new ProblemError(field, reason) };
        return p;
    }

    /// <summary>Explains a System.Text.Json failure as a field and a reason a caller can act on.</summary>
    internal static (string Field, string Reason) Explain(JsonException json)
    {
        var message = json.Message;
        var path = ToField(json.Path);
        if (MissingRequired().Match(message) is { Success: true } m)
            return (string.Join(", ", m.Groups[1].Value.Split(',').Select(s => s.Trim().Trim('\''))), "is required");
        if (Unmapped().Match(message) is { Success: true } u)
            return (path.EndsWith(u.Groups[1].Value, StringComparison.Ordinal) ? path : Join(path, u.Groups[1].Value), "is not a field that can be set");
        if (ConvertTo().Match(message) is { Success: true } c)
        {
            var type = FindType(c.Groups[1].Value);
            var underlying = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
            if (underlying is { IsEnum: true })
                return (path, $"must be one of: {string.Join(", ", Enum.GetNames(underlying))}");
            return (path, $"must be a valid {Friendly(underlying, c.Groups[1].Value)}");
        }
        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("nullability", StringComparison.OrdinalIgnoreCase))
            return (path, "must not be null");
        if (message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
            return (path, "is nested too deeply");
        // A syntax error spoils the whole body; say where it broke off.
        var near = path is "body" ? "" : $", after '{path}'";
        return ("body", json.LineNumber is null ? "is not valid JSON" : $"is not valid JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine}{near})");
    }

    private static string Join(string path, string name) => path is "" or "body" ? name : $"{path}.{name}";

    private static string ToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static Type? FindType(string fullName) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(fullName.Replace("System.Nullable`1[", "").TrimEnd(']'), false)).FirstOrDefault(t => t is not null);

    private static string Friendly(Type? type, string name) => type switch
    {
        null => name.Split('.').Last(),
        _ when type == typeof(string) => "string",
        _ when type == typeof(int) || type == typeof(long) => "whole number",
        _ when type == typeof(decimal) || type == typeof(double) => "number",
        _ when type == typeof(bool) => "boolean (true or false)",
        _ when type == typeof(DateOnly) => "date (yyyy-MM-dd)",
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "date and time (ISO 8601 with offset)",
        _ when type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition().Name.StartsWith("IReadOnlyList", StringComparison.Ordinal)) => "array",
        _ => "object of type " + type.Name,
    };

    private static ProblemDetails Problem(int status, string kind, string title, string detail) =>
        new() { Status = status, Type = Problems.TypeOf(kind), Title = title, Detail = detail };

    private static string Sanitize(string message) => message.Length > 300 ? message[..300] : message;

    [GeneratedRegex(@"missing required properties including: (.+?)\.?$")]
    private static partial Regex MissingRequired();
    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial Regex Unmapped();
    [GeneratedRegex(@"could not be converted to ([\w\.\`\[\],\s]+?)\. Path")]
    private static partial Regex ConvertTo();
}
