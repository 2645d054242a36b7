using GovData.Domain.Labels;
using GovData.Functions.Audit;
using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Reference;

/// <summary>One value of an enumeration: its name in the API and its Chinese label.</summary>
/// <param name="Name">The name the API writes and reads (e.g. Unconditional).</param>
/// <param name="Label">The Chinese label, which requests may send instead (e.g. 无条件共享).</param>
public sealed record LabelledValue(string Name, string Label);

/// <summary>An enumeration of the API with the Chinese label of each value.</summary>
/// <param name="Enumeration">The enumeration's name, as the OpenAPI document's schemas name it (e.g. SharingType).</param>
/// <param name="Values">Its values in order.</param>
public sealed record EnumerationLabels(string Enumeration, IReadOnlyList<LabelledValue> Values);

/// <summary>
/// GET /api/labels: every enumeration the API writes by English name, with the Chinese label beside each name, so a
/// department's system shows what the portal shows (ZhLabels, the one table both use). A read like any other: a token and
/// an audit record.
/// </summary>
public sealed class LabelFunctions(IAuditLog audit)
{
    /// <summary>The Chinese labels of the API's enumerations.</summary>
    [Function("ListLabels")]
    [Operation("Reference", "The Chinese label of every enumeration value the API writes (requests may send either)")]
    [Returns(StatusCodes.Status200OK, typeof(EnumerationLabels[]))]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "labels")] HttpRequest req, CancellationToken ct)
    {
        var request = RequestContext.Of(req.HttpContext);
        await audit.WriteAsync(request.AuditFor("reference.labels.read", "labels"), ct);
        return Results.Ok(All);
    }

    // Fixed for the life of the process: the table is code.
    private static readonly EnumerationLabels[] All = [.. ZhLabels.Types.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t =>
    {
        var labels = ZhLabels.Of(t);
        return new EnumerationLabels(t.Name, [.. Enum.GetNames(t).Where(labels.ContainsKey).Select(n => new LabelledValue(n, labels[n]))]);
    })];
}
