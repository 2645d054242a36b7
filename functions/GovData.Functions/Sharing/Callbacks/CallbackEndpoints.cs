using System.Security.Cryptography;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Identity;

namespace GovData.Functions.Sharing.Callbacks;

/// <summary>Body of POST /api/sharing/callback.</summary>
public sealed record RegisterCallbackBody
{
    /// <summary>The https URL to deliver change notices to.</summary>
    public string? Url { get; init; }
    /// <summary>The signing secret (32 to 256 characters); omitted: the platform generates one and returns it once.</summary>
    public string? Secret { get; init; }
}

/// <summary>A department's callback URL for change notices under /api/sharing/callback: register, read, remove (its DataSteward).</summary>
public static class CallbackEndpoints
{
    /// <summary>The shortest secret a department may choose.</summary>
    public const int MinSecretLength = 32;

    /// <summary>Maps the callback endpoints on <paramref name="group"/>.</summary>
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/callback", async (RegisterCallbackBody body, HttpContext http, CallbackStore store, CallbackTargetGuard guard, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var resource = Resource(caller);
            var (url, errors) = await guard.CheckAsync(body.Url, ct);
            if (errors.Count == 0 && body.Secret is { } s && (s.Length < MinSecretLength || s.Length > 256 || s.Any(char.IsControl)))
                errors = [new("secret", $"must have {MinSecretLength} to 256 characters and no control characters")];
            if (errors.Count > 0)
            {
                await audit.WriteAsync(http.AuditFor("sharing.callback.register", resource) with
                {
                    Outcome = AuditOutcome.Refused,
                    Reason = string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")),
                }, ct);
                return Problems.Validation(errors);
            }
            var generated = body.Secret is null;
            var secret = body.Secret ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            var saved = await store.UpsertAsync(new CallbackDocument
            {
                Id = CallbackStore.IdOf(caller.Department),
                Jurisdiction = caller.Jurisdiction,
                Department = caller.Department,
                Url = url!.AbsoluteUri,
                Secret = secret,
                RegisteredBy = caller.UserId,
                RegisteredAt = time.GetUtcNow(),
            }, ct);
            await audit.WriteAsync(http.AuditFor("sharing.callback.register", resource) with { DataContent = saved.Url }, ct);
            // The secret is shown once, only when the platform made it; a department that chose its own already has it.
            return Results.Ok(new { saved.Department, saved.Url, saved.RegisteredBy, saved.RegisteredAt, secret = generated ? secret : null, secretGenerated = generated });
        }).RequireRoles(Role.DataSteward).WithSummary("Register (or replace) the department's callback URL for change notices; https only, no private or loopback addresses outside Development");

        group.MapGet("/callback", async (HttpContext http, CallbackStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var doc = await store.FindAsync(caller.Jurisdiction, caller.Department, ct);
            await audit.WriteAsync(http.AuditFor("sharing.callback.read", Resource(caller)) with { Outcome = doc is null ? AuditOutcome.Refused : AuditOutcome.Succeeded, Reason = doc is null ? "none registered" : null }, ct);
            return doc is null ? Problems.NotFound("Callback") : Results.Ok(new { doc.Department, doc.Url, doc.RegisteredBy, doc.RegisteredAt });
        }).WithSummary("The department's callback URL (never its secret)");

        group.MapPost("/callback/remove", async (HttpContext http, CallbackStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var removed = await store.RemoveAsync(caller.Jurisdiction, caller.Department, ct);
            await audit.WriteAsync(http.AuditFor("sharing.callback.remove", Resource(caller)) with { Outcome = removed ? AuditOutcome.Succeeded : AuditOutcome.Refused, Reason = removed ? null : "none registered" }, ct);
            return removed ? Results.NoContent() : Problems.NotFound("Callback");
        }).RequireRoles(Role.DataSteward).WithSummary("Remove the department's callback URL (notices stay in the inbox)");
    }

    private static string Resource(Caller caller) => $"sharing/{caller.Jurisdiction}/callbacks/{caller.Department}";
}
