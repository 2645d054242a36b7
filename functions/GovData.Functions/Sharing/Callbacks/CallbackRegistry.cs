using System.Security.Cryptography;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Sharing;
using GovData.Functions.Audit;
using GovData.Functions.Hosting.Http;

namespace GovData.Functions.Sharing.Callbacks;

/// <summary>
/// A department's callback URL for change notices (register, read, remove: its own only), with no HTTP in sight; every call
/// is audited, refusals too.
/// </summary>
public sealed class CallbackRegistry(CallbackStore store, CallbackTargetGuard guard, IAuditLog audit, TimeProvider time)
{
    /// <summary>The shortest secret a department may choose.</summary>
    public const int MinSecretLength = 32;

    /// <summary>Registers (or replaces) the caller's department's callback URL: https only, no private or loopback addresses outside Development.</summary>
    public async Task<SharingAnswer<CallbackRegistration>> RegisterAsync(RequestContext request, RegisterCallbackBody body, CancellationToken ct)
    {
        var caller = request.User;
        var resource = Resource(caller);
        var (url, errors) = await guard.CheckAsync(body.Url, ct);
        if (errors.Count == 0 && body.Secret is { } s && (s.Length < MinSecretLength || s.Length > 256 || s.Any(char.IsControl)))
            errors = [new("secret", $"must have {MinSecretLength} to 256 characters and no control characters")];
        if (errors.Count > 0)
        {
            await audit.WriteAsync(request.AuditFor("sharing.callback.register", resource) with
            {
                Outcome = AuditOutcome.Refused,
                Reason = string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")),
            }, ct);
            return SharingAnswer<CallbackRegistration>.Refused(ShareRefusal.Invalid(errors), "Callback");
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
        await audit.WriteAsync(request.AuditFor("sharing.callback.register", resource) with { DataContent = saved.Url }, ct);
        // The secret is shown once, only when the platform made it; a department that chose its own already has it.
        return SharingAnswer<CallbackRegistration>.Done(new CallbackRegistration(saved.Department, saved.Url, saved.RegisteredBy, saved.RegisteredAt,
            generated ? secret : null, generated));
    }

    /// <summary>The caller's department's callback URL.</summary>
    public async Task<SharingAnswer<CallbackView>> GetAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        var doc = await store.FindAsync(caller.Jurisdiction, caller.Department, ct);
        await audit.WriteAsync(request.AuditFor("sharing.callback.read", Resource(caller)) with
        {
            Outcome = doc is null ? AuditOutcome.Refused : AuditOutcome.Succeeded, Reason = doc is null ? "none registered" : null,
        }, ct);
        return doc is null ? SharingAnswer<CallbackView>.NotFound("Callback")
            : SharingAnswer<CallbackView>.Done(new CallbackView(doc.Department, doc.Url, doc.RegisteredBy, doc.RegisteredAt));
    }

    /// <summary>Removes the caller's department's callback URL (its notices stay in the inbox).</summary>
    public async Task<SharingAnswer<bool>> RemoveAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        var removed = await store.RemoveAsync(caller.Jurisdiction, caller.Department, ct);
        await audit.WriteAsync(request.AuditFor("sharing.callback.remove", Resource(caller)) with
        {
            Outcome = removed ? AuditOutcome.Succeeded : AuditOutcome.Refused, Reason = removed ? null : "none registered",
        }, ct);
        return removed ? SharingAnswer<bool>.Done(true) : SharingAnswer<bool>.NotFound("Callback");
    }

    private static string Resource(Caller caller) => $"sharing/{caller.Jurisdiction}/callbacks/{caller.Department}";
}
