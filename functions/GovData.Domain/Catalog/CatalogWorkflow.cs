using GovData.Domain.Identity;
using GovData.Domain.RuleSets;

namespace GovData.Domain.Catalog;

/// <summary>
/// The catalog lifecycle (001 第十条, 002 第十条, 003 第六条): compile → submit → department review → (DataAuthority
/// review where the rule set says so) → published, or returned with reasons → revised → resubmitted. A published entry
/// changes only through version n+1, retirement needs approval, nothing is deleted. Pure: the caller stores the result.
/// </summary>
public static class CatalogWorkflow
{
    private const int MaxReason = 1000;

    /// <summary>Whether <paramref name="caller"/> may see the working (unpublished) version: the owning department's stewards and reviewers, and the DataAuthority once a version routed to it is submitted.</summary>
    public static bool CanSeeWorking(CatalogEntry entry, Caller caller)
    {
        if (!caller.ActsIn(entry.Jurisdiction)) return false;
        if (caller.BelongsTo(entry.Department) && (caller.Has(Role.DataSteward) || caller.Has(Role.CatalogReviewer))) return true;
        return caller.Has(Role.DataAuthority) && entry.Working is { State: not CatalogEntryState.Draft, Route: CatalogReviewRoute.DepartmentThenDataAuthority };
    }

    /// <summary>Whether <paramref name="caller"/> may know the entry exists: anyone of the jurisdiction once published, otherwise only those who see the working version.</summary>
    public static bool CanSee(CatalogEntry entry, Caller caller) =>
        caller.ActsIn(entry.Jurisdiction) && (entry.Published is not null || CanSeeWorking(entry, caller));

    /// <summary>A DataSteward opens version 1 as a draft of their own department.</summary>
    public static CatalogOutcome Create(string id, Caller caller, CatalogContent content, DateTimeOffset at)
    {
        if (!caller.Has(Role.DataSteward)) return new CatalogRefusal(RefusalKind.Forbidden, "only a DataSteward compiles catalog entries", []);
        var errors = CatalogValidator.Validate(content);
        if (errors.Count > 0) return CatalogRefusal.Invalid(errors);
        return new CatalogEntry
        {
            Id = id,
            Jurisdiction = caller.Jurisdiction,
            Department = caller.Department,
            CreatedAt = at,
            Working = new CatalogVersion { Number = 1, Content = content, State = CatalogEntryState.Draft, CreatedBy = caller.UserId, CreatedAt = at },
            Events = [new CatalogEvent(at, caller.UserId, "create", 1)],
        };
    }

    /// <summary>The owning DataSteward edits the draft or returned version; the code is fixed once published.</summary>
    public static CatalogOutcome Edit(CatalogEntry entry, Caller caller, CatalogContent content, DateTimeOffset at)
    {
        if (Steward(entry, caller) is { } refused) return refused;
        if (entry.Working is not { State: CatalogEntryState.Draft or CatalogEntryState.Returned } working)
            return Conflict(entry, "only a draft or returned version can be edited; open a new version of a published entry");
        var errors = CatalogValidator.Validate(content).ToList();
        if (entry.Published is { } p && !string.Equals(p.Content.Code, content.Code, StringComparison.Ordinal))
            errors.Add(new ValidationError("code", $"is fixed once published (it is {p.Content.Code})"));
        if (errors.Count > 0) return CatalogRefusal.Invalid(errors);
        return entry with
        {
            Working = working with { Content = content, State = CatalogEntryState.Draft },
            Events = [.. entry.Events, new CatalogEvent(at, caller.UserId, "edit", working.Number)],
        };
    }

    /// <summary>
    /// The owning DataSteward submits the working version under the jurisdiction's rules: its sharing type must be a category
    /// the jurisdiction has (sharing.* with a local name or an access; Shijiazhuang has no conditional class, 003 第二条) and
    /// its open type one the jurisdiction offers (open.*; Shanghai offers none, 001 governs sharing only); the review route
    /// comes from catalog.reviewRoute.
    /// </summary>
    public static CatalogOutcome Submit(CatalogEntry entry, Caller caller, EffectiveRuleSet rules, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (entry.Working is { } working && Steward(entry, caller) is null)
        {
            var errors = new List<ValidationError>();
            var content = working.Content;
            if (Enum.IsDefined(content.SharingType) && rules.Sharing.For(content.SharingType) is { Value: { LocalName: null, Access: SharingAccess.None } } missing)
                errors.Add(new("sharingType", $"{content.SharingType} is not a sharing category in {rules.Name} ({rules.Cite(missing)})"));
            if (Enum.IsDefined(content.OpenType) && rules.Opening.For(content.OpenType) is { Value.Offered: false } closed)
                errors.Add(new("openType", $"{content.OpenType} open data is not offered in {rules.Name} ({rules.Cite(closed)})"));
            if (errors.Count > 0) return CatalogRefusal.Invalid(errors);
        }
        var route = rules.Catalog.ReviewRoute;
        return Submit(entry, caller, route.Value, rules.Cite(route).ToString(), at);
    }

    /// <summary>The owning DataSteward submits the working version; the review route is fixed from the rule set now.</summary>
    public static CatalogOutcome Submit(CatalogEntry entry, Caller caller, CatalogReviewRoute route, string routeRule, DateTimeOffset at)
    {
        if (Steward(entry, caller) is { } refused) return refused;
        if (entry.Working is not { State: CatalogEntryState.Draft or CatalogEntryState.Returned } working)
            return Conflict(entry, "only a draft or returned version can be submitted");
        var errors = CatalogValidator.Validate(working.Content);
        if (errors.Count > 0) return CatalogRefusal.Invalid(errors);
        return entry with
        {
            Working = working with { State = CatalogEntryState.Submitted, Route = route, RouteRule = routeRule, SubmittedAt = at },
            Events = [.. entry.Events, new CatalogEvent(at, caller.UserId, "submit", working.Number, routeRule)],
        };
    }

    /// <summary>
    /// The department's CatalogReviewer (Submitted) or the DataAuthority (DepartmentApproved) approves or returns the
    /// working version. The last approval publishes it. A reviewer may not review a version they opened themselves.
    /// </summary>
    public static CatalogOutcome Review(CatalogEntry entry, Caller caller, bool approve, IReadOnlyList<string>? reasons, DateTimeOffset at)
    {
        if (!CanSee(entry, caller)) return NotFound(entry);
        var working = entry.Working;
        ReviewStage stage;
        if (working is { State: CatalogEntryState.Submitted })
        {
            stage = ReviewStage.Department;
            if (!caller.Has(Role.CatalogReviewer) || !caller.BelongsTo(entry.Department))
                return Forbidden(entry, caller, "only a CatalogReviewer of the owning department reviews a submitted entry (001 第十条)");
        }
        else if (working is { State: CatalogEntryState.DepartmentApproved })
        {
            stage = ReviewStage.DataAuthority;
            // The department's own reviewer arriving second (two reviewers at once) meets a state that moved on, not a lack of rights.
            if (!caller.Has(Role.DataAuthority))
                return caller.Has(Role.CatalogReviewer) && caller.BelongsTo(entry.Department)
                    ? Conflict(entry, "the department's review is already recorded; the version now waits for the DataAuthority")
                    : Forbidden(entry, caller, "the DataAuthority reviews after the department in this jurisdiction (002 第十条, 003 第六条)");
        }
        else return Conflict(entry, "there is no version waiting for review");
        if (string.Equals(working.CreatedBy, caller.UserId, StringComparison.Ordinal))
            return new CatalogRefusal(RefusalKind.Forbidden, "a reviewer may not review a version they compiled", []);

        var list = (reasons ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).ToArray();
        if (!approve && list.Length == 0) return CatalogRefusal.Invalid("reasons", "are required to return an entry: say what must change");
        if (list.Length > 20 || list.Any(r => r.Length > MaxReason)) return CatalogRefusal.Invalid("reasons", $"at most 20 reasons of at most {MaxReason} characters");

        var decision = new ReviewDecision(working.Number, stage, approve, list, caller.UserId, caller.Department, at);
        var reviewed = working with { Reviews = [.. working.Reviews, decision] };
        var action = $"review.{stage}.{(approve ? "approve" : "return")}".ToLowerInvariant();
        var events = entry.Events.Append(new CatalogEvent(at, caller.UserId, action, working.Number, list.Length == 0 ? null : string.Join("; ", list))).ToList();
        if (!approve) return entry with { Working = reviewed with { State = CatalogEntryState.Returned }, Events = events };
        if (stage == ReviewStage.Department && working.Route == CatalogReviewRoute.DepartmentThenDataAuthority)
            return entry with { Working = reviewed with { State = CatalogEntryState.DepartmentApproved }, Events = events };
        return Publish(entry with { Events = events }, reviewed, caller, at);
    }

    private static CatalogEntry Publish(CatalogEntry entry, CatalogVersion version, Caller caller, DateTimeOffset at)
    {
        var past = entry.Published is { } old ? [.. entry.PastVersions, old with { SupersededAt = at }] : entry.PastVersions;
        return entry with
        {
            Published = version with { State = CatalogEntryState.Published, PublishedAt = at },
            Working = null,
            PastVersions = past,
            PendingChange = null,
            Events = [.. entry.Events, new CatalogEvent(at, caller.UserId, "publish", version.Number)],
        };
    }

    /// <summary>The owning DataSteward opens version n+1 of a published entry as a draft holding the published content.</summary>
    public static CatalogOutcome NewVersion(CatalogEntry entry, Caller caller, string? reason, DateTimeOffset at)
    {
        if (Steward(entry, caller) is { } refused) return refused;
        if (entry.Published is not { } published || entry.Retired) return Conflict(entry, "only a published, not retired entry gets a new version");
        if (entry.Working is { } w) return Conflict(entry, $"version {w.Number} is already {w.State}");
        if (entry.Retirement is { State: RetirementState.Requested }) return Conflict(entry, "a retirement request is pending");
        if (string.IsNullOrWhiteSpace(reason)) return CatalogRefusal.Invalid("reason", "is required: say what changed");
        if (reason.Length > MaxReason) return CatalogRefusal.Invalid("reason", $"must be at most {MaxReason} characters");
        var number = published.Number + 1;
        return entry with
        {
            Working = new CatalogVersion { Number = number, Content = published.Content, State = CatalogEntryState.Draft, ChangeReason = reason, CreatedBy = caller.UserId, CreatedAt = at },
            Events = [.. entry.Events, new CatalogEvent(at, caller.UserId, "version.open", number, reason)],
        };
    }

    /// <summary>The owning DataSteward asks to retire a published entry; nothing happens until it is approved.</summary>
    public static CatalogOutcome RequestRetirement(CatalogEntry entry, Caller caller, string? reason, DateTimeOffset at)
    {
        if (Steward(entry, caller) is { } refused) return refused;
        if (entry.Published is null || entry.Retired) return Conflict(entry, "only a published, not retired entry can be retired");
        if (entry.Retirement is { State: RetirementState.Requested }) return Conflict(entry, "a retirement request is already pending");
        if (entry.Working is { } w) return Conflict(entry, $"version {w.Number} is under way; finish or return it first");
        if (string.IsNullOrWhiteSpace(reason)) return CatalogRefusal.Invalid("reason", "is required");
        if (reason.Length > MaxReason) return CatalogRefusal.Invalid("reason", $"must be at most {MaxReason} characters");
        return entry with
        {
            Retirement = new RetirementRequest(reason, caller.UserId, at, RetirementState.Requested),
            Events = [.. entry.Events, new CatalogEvent(at, caller.UserId, "retirement.request", entry.Published.Number, reason)],
        };
    }

    /// <summary>Who approves a retirement: the last reviewer of the route (the DataAuthority, or the department's CatalogReviewer).</summary>
    public static CatalogOutcome DecideRetirement(CatalogEntry entry, Caller caller, bool approve, string? note, CatalogReviewRoute route, DateTimeOffset at)
    {
        if (!CanSee(entry, caller)) return NotFound(entry);
        var allowed = route == CatalogReviewRoute.DepartmentThenDataAuthority
            ? caller.Has(Role.DataAuthority)
            : caller.Has(Role.CatalogReviewer) && caller.BelongsTo(entry.Department);
        if (!allowed) return new CatalogRefusal(RefusalKind.Forbidden, route == CatalogReviewRoute.DepartmentThenDataAuthority
            ? "the DataAuthority decides retirements in this jurisdiction" : "a CatalogReviewer of the owning department decides retirements", []);
        if (entry.Retirement is not { State: RetirementState.Requested } request) return Conflict(entry, "there is no pending retirement request");
        if (!approve && string.IsNullOrWhiteSpace(note)) return CatalogRefusal.Invalid("note", "is required to refuse a retirement");
        if (note is { Length: > MaxReason }) return CatalogRefusal.Invalid("note", $"must be at most {MaxReason} characters");
        var decided = request with { State = approve ? RetirementState.Approved : RetirementState.Rejected, DecidedBy = caller.UserId, DecidedAt = at, DecisionNote = note };
        return entry with
        {
            Retirement = decided,
            Retired = approve,
            Events = [.. entry.Events, new CatalogEvent(at, caller.UserId, approve ? "retirement.approve" : "retirement.reject", entry.Published!.Number, note)],
        };
    }

    /// <summary>The DataAuthority raises a Conditional or NotShared entry to a more open type until <paramref name="until"/> (002 第二十条).</summary>
    public static CatalogOutcome Reclassify(CatalogEntry entry, Caller caller, SharingType raisedTo, DateTimeOffset until, string? reason, string? conditions, DateTimeOffset at)
    {
        if (!CanSee(entry, caller)) return NotFound(entry);
        if (!caller.Has(Role.DataAuthority)) return new CatalogRefusal(RefusalKind.Forbidden, "only the DataAuthority declares an emergency reclassification (002 第二十条)", []);
        if (entry.Published is not { } published || entry.Retired) return Conflict(entry, "only a published, not retired entry can be reclassified");
        var current = published.Content.SharingType;
        if (current == SharingType.Unconditional) return Conflict(entry, "the entry is already Unconditional; only Conditional or NotShared entries are raised (002 第二十条)");
        var errors = new List<ValidationError>();
        if (!Enum.IsDefined(raisedTo) || !SharingTypes.IsMoreOpen(raisedTo, current)) errors.Add(new("raisedTo", $"must be more open than {current}"));
        if (until <= at) errors.Add(new("until", "must be in the future"));
        else if (until > at.AddDays(366)) errors.Add(new("until", "must be within a year; declare again to extend"));
        if (string.IsNullOrWhiteSpace(reason)) errors.Add(new("reason", "is required: name the declared public emergency"));
        else if (reason.Length > MaxReason) errors.Add(new("reason", $"must be at most {MaxReason} characters"));
        if (raisedTo == SharingType.Conditional && string.IsNullOrWhiteSpace(conditions) && string.IsNullOrWhiteSpace(published.Content.SharingConditions))
            errors.Add(new("conditions", "are required when raising to Conditional: state what a request must meet"));
        if (conditions is { Length: > MaxReason }) errors.Add(new("conditions", $"must be at most {MaxReason} characters"));
        if (errors.Count > 0) return CatalogRefusal.Invalid(errors);
        return entry with
        {
            Emergency = new EmergencyReclassification(current, raisedTo, until, reason!, conditions, caller.UserId, at),
            Events = [.. entry.Events, new CatalogEvent(at, caller.UserId, "emergency.reclassify", published.Number, $"{current} -> {raisedTo} until {until:O}: {reason}")],
        };
    }

    /// <summary>
    /// The DataAuthority ends an emergency reclassification before its end date (the emergency is over, 002 第二十条): the
    /// entry falls back to its published sharing type at once. The declared period stays on record.
    /// </summary>
    public static CatalogOutcome EndEmergency(CatalogEntry entry, Caller caller, string? reason, DateTimeOffset at)
    {
        if (!CanSee(entry, caller)) return NotFound(entry);
        if (!caller.Has(Role.DataAuthority)) return new CatalogRefusal(RefusalKind.Forbidden, "only the DataAuthority ends an emergency reclassification (002 第二十条)", []);
        if (entry.Emergency is not { } emergency || !emergency.IsActiveAt(at)) return Conflict(entry, "no emergency reclassification of this entry is in force");
        if (string.IsNullOrWhiteSpace(reason)) return CatalogRefusal.Invalid("reason", "is required: say why the emergency measure ends early");
        if (reason.Length > MaxReason) return CatalogRefusal.Invalid("reason", $"must be at most {MaxReason} characters");
        return entry with
        {
            Emergency = emergency with { EndedAt = at, EndedBy = caller.UserId, EndReason = reason },
            Events = [.. entry.Events, new CatalogEvent(at, caller.UserId, "emergency.end", entry.Published?.Number ?? 0, $"{emergency.RaisedTo} -> {emergency.From} (declared until {emergency.Until:O}): {reason}")],
        };
    }

    /// <summary>The owning DataSteward declares that the resource (or the law) changed; the caller schedules the update deadline.</summary>
    public static CatalogOutcome DeclareChange(CatalogEntry entry, Caller caller, DeclaredChange change)
    {
        if (Steward(entry, caller) is { } refused) return refused;
        if (entry.Published is null || entry.Retired) return Conflict(entry, "only a published, not retired entry has changes to declare");
        if (entry.PendingChange is { } pending) return Conflict(entry, $"a change is already declared; the updated entry is due by {pending.DueDate:yyyy-MM-dd}{(pending.DueDateProvisional ? " (provisional)" : "")}");
        if (string.IsNullOrWhiteSpace(change.Reason)) return CatalogRefusal.Invalid("reason", "is required");
        if (change.Reason.Length > MaxReason) return CatalogRefusal.Invalid("reason", $"must be at most {MaxReason} characters");
        return entry with
        {
            PendingChange = change,
            Events = [.. entry.Events, new CatalogEvent(change.DeclaredAt, caller.UserId, "change.declare", entry.Published.Number, $"{change.Kind}: {change.Reason}; due {change.DueDate:yyyy-MM-dd}{(change.DueDateProvisional ? " (provisional)" : "")} ({change.Rule})")],
        };
    }

    private static CatalogRefusal? Steward(CatalogEntry entry, Caller caller)
    {
        if (!CanSee(entry, caller)) return NotFound(entry);
        if (!caller.Has(Role.DataSteward) || !caller.BelongsTo(entry.Department))
            return Forbidden(entry, caller, "only a DataSteward of the owning department does this");
        return null;
    }

    private static CatalogRefusal NotFound(CatalogEntry entry) => new(RefusalKind.NotFound, $"catalog entry {entry.Id}", []);

    private static CatalogRefusal Forbidden(CatalogEntry entry, Caller caller, string reason) =>
        new(RefusalKind.Forbidden, $"{reason} (you act as {caller.RoleNames} of {caller.Department}; entry {entry.Id})", []);

    private static CatalogRefusal Conflict(CatalogEntry entry, string reason) => new(RefusalKind.Conflict, $"entry {entry.Id} ({entry.State}): {reason}", []);
}
