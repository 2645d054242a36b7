using System.ComponentModel;
using System.Text.Json.Serialization;

namespace GovData.Functions.Errors;

/// <summary>
/// The body of every refusal (RFC 9457 <c>application/problem+json</c>) as the OpenAPI document describes it; the API writes
/// it through <see cref="Problems"/> and the exception handler, with the members that apply to the refusal.
/// </summary>
[Description("A refusal (RFC 9457 problem+json): nothing was changed.")]
public sealed record ProblemDocument(
    [property: JsonPropertyName("type"), Description("urn:govdata:problem:{kind}: validation, not-found, forbidden, conflict, precondition-failed, rule-violation, …")] string Type,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("detail"), Description("What was refused and why, in English.")] string? Detail,
    [property: JsonPropertyName("detailZh"), Description("The detail in Chinese, where there is a translation (403, 409, 412, 422).")] string? DetailZh,
    [property: JsonPropertyName("instance"), Description("The path of the request.")] string? Instance,
    [property: JsonPropertyName("errors"), Description("Each refused field with its reason (reasonZh: the reason in Chinese, where there is one).")] IReadOnlyList<ProblemError>? Errors,
    [property: JsonPropertyName("rule"), Description("The rule a 422 applied (e.g. shareDecision.deadline).")] string? Rule,
    [property: JsonPropertyName("traceId"), Description("The request's trace id, for the operators' logs.")] string? TraceId);
