namespace GovData.Domain.RuleSets;

/// <summary>What kind of source a rule's value has.</summary>
public enum RuleOriginKind
{
    /// <summary>The jurisdiction's own regulation says so.</summary>
    Regulation,
    /// <summary>The jurisdiction's text is silent; the parent jurisdiction's rule applies.</summary>
    Inherited,
    /// <summary>The jurisdiction has its own value, but the parent's minimum is higher and prevails.</summary>
    ParentMinimum,
    /// <summary>No text says anything; the platform chose a value and says why.</summary>
    PlatformDefault,
    /// <summary>The jurisdiction's DataAuthority amended the rule.</summary>
    Amendment,
}

/// <summary>
/// Where a rule's value comes from. Every effective value carries one so that a decision can say
/// which text (or which platform choice, or which amendment) it applied.
/// </summary>
public abstract record RuleOrigin
{
    private RuleOrigin() { }

    /// <summary>The kind of source.</summary>
    public abstract RuleOriginKind Kind { get; }

    /// <summary>The article the value ultimately rests on; null for platform defaults and amendments without a cited basis.</summary>
    public abstract Citation? Citation { get; }

    /// <summary>A one-line human description, e.g. "004 第十二条" or "inherited from 350000@v1: 000 第三十九条".</summary>
    public abstract string Describe();

    /// <inheritdoc />
    public override string ToString() => Describe();

    /// <summary>The jurisdiction's own regulation.</summary>
    public sealed record Regulation(Citation Source) : RuleOrigin
    {
        /// <inheritdoc />
        public override RuleOriginKind Kind => RuleOriginKind.Regulation;
        /// <inheritdoc />
        public override Citation? Citation => Source;
        /// <inheritdoc />
        public override string Describe() => Source.ToString();
    }

    /// <summary>Inherited from the parent jurisdiction because this jurisdiction's text is silent.</summary>
    /// <param name="FromJurisdiction">The parent's division code.</param>
    /// <param name="FromVersion">The parent rule set version the value was taken from.</param>
    /// <param name="ParentOrigin">Where the parent's value comes from.</param>
    /// <param name="LocalNote">What the local text does say on the matter, if anything (e.g. "及时" without a number).</param>
    public sealed record Inherited(string FromJurisdiction, int FromVersion, RuleOrigin ParentOrigin, string? LocalNote) : RuleOrigin
    {
        /// <inheritdoc />
        public override RuleOriginKind Kind => RuleOriginKind.Inherited;
        /// <inheritdoc />
        public override Citation? Citation => ParentOrigin.Citation;
        /// <inheritdoc />
        public override string Describe() => $"inherited from {FromJurisdiction}@v{FromVersion}: {ParentOrigin.Describe()}";
    }

    /// <summary>
    /// The jurisdiction has its own value but it is below the parent's minimum; the parent's value
    /// governs because the jurisdiction implements the parent's measures and cannot lower them.
    /// </summary>
    public sealed record ParentMinimum(string FromJurisdiction, int FromVersion, RuleOrigin ParentOrigin, string LocalValue, RuleOrigin LocalOrigin) : RuleOrigin
    {
        /// <inheritdoc />
        public override RuleOriginKind Kind => RuleOriginKind.ParentMinimum;
        /// <summary>The local value itself (<see cref="LocalValue"/> is its English display), to write it in other words.</summary>
        public object? LocalRuleValue { get; init; }
        /// <inheritdoc />
        public override Citation? Citation => ParentOrigin.Citation;
        /// <inheritdoc />
        public override string Describe() =>
            $"minimum of {FromJurisdiction}@v{FromVersion} ({ParentOrigin.Describe()}) prevails over the local {LocalValue} ({LocalOrigin.Describe()})";
    }

    /// <summary>No text sets this rule; the platform's value, with the reason it was chosen.</summary>
    public sealed record PlatformDefault(string Reason) : RuleOrigin
    {
        /// <inheritdoc />
        public override RuleOriginKind Kind => RuleOriginKind.PlatformDefault;
        /// <inheritdoc />
        public override Citation? Citation => null;
        /// <inheritdoc />
        public override string Describe() => $"platform default: {Reason}";
    }

    /// <summary>Set by the jurisdiction's DataAuthority in rule set version <paramref name="Version"/>.</summary>
    public sealed record Amendment(string Jurisdiction, int Version, DateOnly EffectiveFrom, string AmendedBy, string Reason, Citation? Basis) : RuleOrigin
    {
        /// <inheritdoc />
        public override RuleOriginKind Kind => RuleOriginKind.Amendment;
        /// <inheritdoc />
        public override Citation? Citation => Basis;
        /// <inheritdoc />
        public override string Describe() =>
            $"amendment {Jurisdiction}@v{Version} from {EffectiveFrom:yyyy-MM-dd} by {AmendedBy}: {Reason}" + (Basis is null ? "" : $" ({Basis})");
    }
}
