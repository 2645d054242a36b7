using System.Text.Json.Serialization;
using GovData.Domain.Labels;

namespace GovData.Functions.Errors;

/// <summary>One entry of a problem's <c>errors</c>: the field, the reason, and beside it the reason in Chinese where there is one.</summary>
public sealed record ProblemError([property: JsonPropertyName("field")] string Field, [property: JsonPropertyName("reason")] string Reason)
{
    /// <summary>The reason in Chinese (<see cref="ZhReasons"/>, or <see cref="ZhDetails"/> for a conflict's reason); absent when it has none.</summary>
    [JsonPropertyName("reasonZh"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReasonZh { get; } = ZhDetails.TranslateAny(Reason);

    /// <summary>The entries of <paramref name="errors"/>.</summary>
    public static ProblemError[] Of(IEnumerable<Domain.ValidationError> errors) => [.. errors.Select(e => new ProblemError(e.Field, e.Reason))];
}
