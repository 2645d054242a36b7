using GovData.Domain.Audit;
using GovData.Domain.Calendar;
using GovData.Domain.RuleSets;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Audit;

/// <summary>What the deployment says about the audit container's immutability (section <c>Audit</c>; infra/ sets it).</summary>
public sealed class AuditRetentionOptions
{
    /// <summary>
    /// Days of the time-based immutability (WORM) policy on the audit blob container, as deployed (infra/ passes its
    /// <c>auditRetentionDays</c>). Null where there is none (the local emulator).
    /// </summary>
    public int? ImmutabilityPeriodDays { get; set; }
}

/// <summary>Registers the retention settings and refuses to start with a WORM policy shorter than the rule sets require.</summary>
public static class AuditRetentionExtensions
{
    /// <summary>Binds <see cref="AuditRetentionOptions"/> and checks it at start-up against the built-in rule sets.</summary>
    public static IServiceCollection AddAuditRetention(this IServiceCollection services)
    {
        services.AddOptions<AuditRetentionOptions>().BindConfiguration("Audit").ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditRetentionOptions>, AuditRetentionValidator>();
        return services;
    }
}

/// <summary>A deployed immutability period must cover the longest audit.retention of every built-in rule set.</summary>
public sealed class AuditRetentionValidator(TimeProvider time) : IValidateOptions<AuditRetentionOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AuditRetentionOptions options)
    {
        if (options.ImmutabilityPeriodDays is not { } days) return ValidateOptionsResult.Success;
        var registry = RuleSetRegistry.BuiltIn();
        var today = ChinaTime.DateOf(time.GetUtcNow());
        var (jurisdiction, retention) = AuditRetention.Longest(registry, today);
        var required = AuditRetention.MaxDays(retention);
        return days >= required
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Audit:ImmutabilityPeriodDays is {days}, but {jurisdiction} keeps audit records {retention} (audit.retention), which needs at least {required} days of immutability; raise auditRetentionDays in infra/");
    }
}
