using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Reference;

/// <summary>
/// The HTTP functions of jurisdictions, their units and rule sets under /api/jurisdictions (docs/rule-sets.md), over
/// <see cref="JurisdictionOperations"/>.
/// </summary>
public sealed class JurisdictionFunctions(JurisdictionOperations jurisdictions)
{
    private const string Route = "jurisdictions/{code}";
    private const string JsonType = "application/json";

    /// <summary>Read a jurisdiction and its units.</summary>
    [Function("GetJurisdiction")]
    [Operation("Jurisdictions", "Read a jurisdiction and its registered units")]
    [Returns(StatusCodes.Status200OK, typeof(JurisdictionView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest req, string code, CancellationToken ct) =>
        OperationAnswers.Ok(await jurisdictions.ReadAsync(RequestContext.Of(req.HttpContext), code, ct));

    /// <summary>Register a unit.</summary>
    [Function("RegisterDepartment")]
    [Roles(Role.DataAuthority)]
    [Operation("Jurisdictions", "Register a unit (data authority)")]
    [Accepts(typeof(RegisterDepartmentRequest))]
    [Returns(StatusCodes.Status201Created, typeof(Department))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> RegisterAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/departments")] HttpRequest req, string code, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<RegisterDepartmentRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        var answer = await jurisdictions.RegisterAsync(RequestContext.Of(req.HttpContext), code, body!, ct);
        return answer.Value is { } unit ? Results.Created($"/api/jurisdictions/{code}", unit) : OperationAnswers.Ok(answer);
    }

    /// <summary>The effective rules on a day or in a version.</summary>
    [Function("GetEffectiveRules")]
    [Operation("Rule sets", "The effective rules of a jurisdiction on a day (or a version), with the article or origin of every value")]
    [Query("on", "The day (yyyy-MM-dd), default today in China")]
    [Query("version", "A version of the jurisdiction's own rule set", Integer = true)]
    [Returns(StatusCodes.Status200OK, ContentTypes = [JsonType])]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> RulesAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route + "/rules")] HttpRequest req, string code, CancellationToken ct) =>
        Json(await jurisdictions.EffectiveRulesAsync(RequestContext.Of(req.HttpContext), code, req.Query["on"].FirstOrDefault(), req.Query["version"].FirstOrDefault(), ct));

    /// <summary>Every version of the rule set.</summary>
    [Function("ListRuleSetVersions")]
    [Operation("Rule sets", "Every version of a jurisdiction's own rule set")]
    [Returns(StatusCodes.Status200OK, ContentTypes = [JsonType])]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> VersionsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route + "/rules/versions")] HttpRequest req, string code, CancellationToken ct) =>
        Json(await jurisdictions.VersionsAsync(RequestContext.Of(req.HttpContext), code, ct));

    /// <summary>Amend the rule set.</summary>
    [Function("AmendRuleSet")]
    [Roles(Role.DataAuthority)]
    [Operation("Rule sets", "Amend the rule set (data authority): a new version, validated and audited")]
    [Accepts(typeof(object))]
    [Returns(StatusCodes.Status201Created, typeof(RuleSetAmendedView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> AmendAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/rules/amendments")] HttpRequest req, string code, CancellationToken ct)
    {
        using var reader = new StreamReader(req.Body);
        var answer = await jurisdictions.AmendAsync(RequestContext.Of(req.HttpContext), code, await reader.ReadToEndAsync(ct), ct);
        return answer.Value is { } amended ? Results.Created($"/api/jurisdictions/{code}/rules?version={amended.Version}", amended) : OperationAnswers.Ok(answer);
    }

    // The rule-set writer's JSON (citations beside every value) goes out as written.
    private static IResult Json(OperationAnswer<string> answer) => answer.Value is { } json ? Results.Text(json, JsonType) : OperationAnswers.Ok(answer);

}
