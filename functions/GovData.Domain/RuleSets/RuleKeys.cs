using GovData.Domain.Calendar;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GovData.Domain.RuleSets;

/// <summary>
/// Every rule a jurisdiction's rule set holds. Keys are the names used in the JSON data, in amendment
/// bodies and in validation field paths (<c>rules.shareDecision.deadline</c>).
/// </summary>
public static class RuleKeys
{
    // Deadlines (工作日)

    /// <summary>
    /// How the day of receipt a working-day deadline counts from is fixed: by default the calendar date of receipt in China
    /// time, not counted (民法典 第二百零一条); a jurisdiction whose text deems an after-hours or rest-day receipt received on
    /// the next working day sets <see cref="DateOfReceiptKind.NextWorkingDayAfterHours"/> with the article.
    /// </summary>
    public static readonly RuleDefinition<DateOfReceipt> DeadlineDateOfReceipt = new(
        "deadline.dateOfReceipt", "How the day of receipt a working-day deadline counts from is fixed",
        ReadDateOfReceipt,
        v => new JsonObject
        {
            ["kind"] = v.Kind.ToString(),
            ["officeClose"] = v.OfficeClose?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        },
        v => v.Problem(),
        v => v.ToString());

    // Catalog (资源目录)

    /// <summary>Who reviews a submitted catalog entry (001 第十条, 002 第十条, 003 第六条).</summary>
    public static readonly RuleDefinition<CatalogReviewRoute> CatalogReviewRoute =
        EnumRule<CatalogReviewRoute>("catalog.reviewRoute", "Who reviews a submitted catalog entry before publication");

    /// <summary>Working days to update the catalog after its elements or the shareable data change (001 第十条, 003 第六条).</summary>
    public static readonly RuleDefinition<WorkingDays> CatalogUpdateDeadline =
        DeadlineRule("catalog.updateDeadline", "Working days to update the catalog after an entry's elements or its shareable data change");

    /// <summary>Working days to update the catalog after a law changes or the department's functions change (002 第十一条).</summary>
    public static readonly RuleDefinition<WorkingDays> CatalogLegalChangeUpdateDeadline =
        DeadlineRule("catalog.legalChangeUpdateDeadline", "Working days to update the catalog after a law or the department's functions change");

    /// <summary>Whether each department must review its whole catalog at least once a year (001 第十条).</summary>
    public static readonly RuleDefinition<bool> CatalogAnnualFullReview =
        BoolRule("catalog.annualFullReview", "Whether a full review of each department's catalog is required at least once a year");

    // Sharing types (共享类型)

    /// <summary>The local name, meaning and access of <see cref="Catalog.SharingType.Unconditional"/>.</summary>
    public static readonly RuleDefinition<SharingCategory> SharingUnconditional = SharingRule(
        "sharing.unconditional", "Local name, meaning and access of Unconditional sharing",
        [SharingAccess.Direct, SharingAccess.DirectAfterFiling]);

    /// <summary>The local name, meaning and access of <see cref="Catalog.SharingType.Conditional"/>.</summary>
    public static readonly RuleDefinition<SharingCategory> SharingConditional = SharingRule(
        "sharing.conditional", "Local name, meaning and access of Conditional sharing (None: the category does not exist)",
        [SharingAccess.OnRequest, SharingAccess.None]);

    /// <summary>The local name, meaning and access of <see cref="Catalog.SharingType.NotShared"/>.</summary>
    public static readonly RuleDefinition<SharingCategory> SharingNotShared = SharingRule(
        "sharing.notShared", "Local name, meaning and access of NotShared data",
        [SharingAccess.None, SharingAccess.OnRequest]);

    // Conditional share requests

    /// <summary>Who decides a request for conditionally shared data (000 第二十五条, 001 第十四条, 004 第十二条).</summary>
    public static readonly RuleDefinition<DecisionRoute> ShareDecisionRoute =
        EnumRule<DecisionRoute>("shareDecision.route", "Who decides a share request");

    /// <summary>Working days to decide a share request (001 第十四条: 10, 003 第八条: 5, 004 第十二条: 5).</summary>
    public static readonly RuleDefinition<WorkingDays> ShareDecisionDeadline =
        DeadlineRule("shareDecision.deadline", "Working days to decide a share request from its receipt");

    /// <summary>The longest period a share grant may run before it must be renewed.</summary>
    public static readonly RuleDefinition<Months> ShareMaxGrantPeriod =
        MonthsRule("shareDecision.maxGrantPeriod", "Longest period a share grant may run before renewal", 1, 60);

    // Disputes

    /// <summary>Who settles a dispute of a refusal (001 第十四条, 002 第二十三条, 003 第八条).</summary>
    public static readonly RuleDefinition<DisputeRoute> DisputeRoute =
        EnumRule<DisputeRoute>("dispute.route", "Who settles a requester's dispute of a refusal");

    /// <summary>Working days for the dispute body to conclude.</summary>
    public static readonly RuleDefinition<WorkingDays> DisputeDeadline =
        DeadlineRule("dispute.deadline", "Working days for the dispute body to conclude");

    // Changes to shared data and services

    /// <summary>Working days for the provider to update shared data after it changes (001 第十六条: 2).</summary>
    public static readonly RuleDefinition<WorkingDays> DataChangeUpdateDeadline =
        DeadlineRule("dataChange.updateDeadline", "Working days for the provider to update shared data after it is produced or changes");

    /// <summary>Whether consumers are notified when shared data changes (001 第十六条).</summary>
    public static readonly RuleDefinition<bool> DataChangeNotifyConsumers =
        BoolRule("dataChange.notifyConsumers", "Whether every consumer is notified when shared data changes");

    /// <summary>Working days of notice before a sharing service is upgraded, changed or stopped (002 第二十三条: 10).</summary>
    public static readonly RuleDefinition<WorkingDays> ServiceChangeNotice =
        DeadlineRule("dataChange.serviceChangeNotice", "Working days of notice before a sharing service is upgraded, changed or stopped");

    // Data not yet aggregated (动态调度, 002 第二十三条)

    /// <summary>Working days for the provider to answer a request for data not yet on the platform (002 第二十三条: 3).</summary>
    public static readonly RuleDefinition<WorkingDays> NonAggregatedAnswerDeadline =
        DeadlineRule("nonAggregated.answerDeadline", "Working days to answer a request for data not yet aggregated");

    /// <summary>Working days for the provider to aggregate such data and make it shareable (002 第二十三条: 20).</summary>
    public static readonly RuleDefinition<WorkingDays> NonAggregatedAvailabilityDeadline =
        DeadlineRule("nonAggregated.availabilityDeadline", "Working days to aggregate requested data and make it shareable");

    // Green channel (绿色通道, 002 第二十三条)

    /// <summary>Whether an approved urgent request may use the green channel (002 第二十三条).</summary>
    public static readonly RuleDefinition<bool> GreenChannelEnabled =
        BoolRule("greenChannel.enabled", "Whether approved urgent requests may use the green channel");

    /// <summary>Working days to answer a green-channel request (002 第二十三条: 1).</summary>
    public static readonly RuleDefinition<WorkingDays> GreenChannelAnswerDeadline =
        DeadlineRule("greenChannel.answerDeadline", "Working days to answer an approved green-channel request");

    /// <summary>Working days to make green-channel data shareable (002 第二十三条: 5).</summary>
    public static readonly RuleDefinition<WorkingDays> GreenChannelAvailabilityDeadline =
        DeadlineRule("greenChannel.availabilityDeadline", "Working days to aggregate data for an approved green-channel request");

    // Error feedback (数据纠错)

    /// <summary>Where a consumer reports an error in shared data (002 第十八条, 003 第九条, 004 第十四条).</summary>
    public static readonly RuleDefinition<ErrorFeedbackRoute> ErrorFeedbackRoute =
        EnumRule<ErrorFeedbackRoute>("errorFeedback.route", "Where a consumer reports an error in shared data");

    /// <summary>Working days for the provider to verify a reported error and answer.</summary>
    public static readonly RuleDefinition<WorkingDays> ErrorFeedbackAnswerDeadline =
        DeadlineRule("errorFeedback.answerDeadline", "Working days for the provider to verify a reported error and answer");

    // Access methods

    /// <summary>Whether granted data may be exported in bulk (004 第十三条: no).</summary>
    public static readonly RuleDefinition<bool> BulkExportAllowed =
        BoolRule("access.bulkExportAllowed", "Whether granted data may be exported in bulk");

    /// <summary>Whether free-form queries over shared data are offered (004 第十三条: no).</summary>
    public static readonly RuleDefinition<bool> FreeQueryAllowed =
        BoolRule("access.freeQueryAllowed", "Whether free-form queries over shared data are offered");

    // Open types (开放类型)

    /// <summary>The local name and meaning of <see cref="Catalog.OpenType.NotOpen"/>.</summary>
    public static readonly RuleDefinition<OpenCategory> OpenNotOpen = OpenRule("open.notOpen", "Local name and meaning of NotOpen", mustBeOffered: true);

    /// <summary>The local name, meaning and availability of <see cref="Catalog.OpenType.Unconditional"/>.</summary>
    public static readonly RuleDefinition<OpenCategory> OpenUnconditional = OpenRule("open.unconditional", "Local name, meaning and availability of Unconditional open data", mustBeOffered: false);

    /// <summary>The local name, meaning and availability of <see cref="Catalog.OpenType.OnApplication"/>.</summary>
    public static readonly RuleDefinition<OpenCategory> OpenOnApplication = OpenRule("open.onApplication", "Local name, meaning and availability of OnApplication open data", mustBeOffered: false);

    // Applications for on-application open data

    /// <summary>Who decides an application for on-application open data (000 第三十三条, 002 第二十八条, 004 第十八条).</summary>
    public static readonly RuleDefinition<DecisionRoute> OpenApplicationDecidedBy =
        EnumRule<DecisionRoute>("openApplication.decidedBy", "Who decides an application for on-application open data");

    /// <summary>Working days to decide an open-data application.</summary>
    public static readonly RuleDefinition<WorkingDays> OpenApplicationDeadline =
        DeadlineRule("openApplication.deadline", "Working days to decide an application for on-application open data");

    /// <summary>Who may apply for on-application open data (000 第三十二条, 004 第十七条).</summary>
    public static readonly RuleDefinition<ApplicantTypeSet> OpenApplicationEligibleApplicants = new(
        "openApplication.eligibleApplicants", "Who may apply for on-application open data",
        ReadApplicants, v => new JsonArray(v.Items.Select(t => (JsonNode?)JsonValue.Create(t.ToString())).ToArray()));

    /// <summary>Whether universities and research institutes may use granted open data only for non-profit research and education (000 第三十三条, 004 第十八条).</summary>
    public static readonly RuleDefinition<bool> OpenApplicationAcademicNonProfitOnly =
        BoolRule("openApplication.academicNonProfitOnly", "Whether universities and research institutes may use granted data only for non-profit research and education");

    /// <summary>Working days to answer a public demand that data be opened (004 第十九条: 20).</summary>
    public static readonly RuleDefinition<WorkingDays> OpenDemandAnswerDeadline =
        DeadlineRule("openDemand.answerDeadline", "Working days to answer a public demand that data be opened");

    // Audit

    /// <summary>The minimum time audit logs are kept (000 第三十九条: 3 years; 004 第二十四条: 6 months). A city cannot go below its province.</summary>
    public static readonly RuleDefinition<Months> AuditRetention =
        MonthsRule("audit.retention", "Minimum time audit logs are kept", 1, 1200, RuleCombination.AtLeastParent);

    // Validity

    /// <summary>What applies once the rule set's validity period has ended and no successor is loaded.</summary>
    public static readonly RuleDefinition<ExpiryPolicy> AfterExpiry =
        EnumRule<ExpiryPolicy>("validity.afterExpiry", "What applies after the rule set's validity period ends without a successor");

    /// <summary>Every rule, in the order the docs and the JSON list them.</summary>
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        DeadlineDateOfReceipt,
        CatalogReviewRoute, CatalogUpdateDeadline, CatalogLegalChangeUpdateDeadline, CatalogAnnualFullReview,
        SharingUnconditional, SharingConditional, SharingNotShared,
        ShareDecisionRoute, ShareDecisionDeadline, ShareMaxGrantPeriod,
        DisputeRoute, DisputeDeadline,
        DataChangeUpdateDeadline, DataChangeNotifyConsumers, ServiceChangeNotice,
        NonAggregatedAnswerDeadline, NonAggregatedAvailabilityDeadline,
        GreenChannelEnabled, GreenChannelAnswerDeadline, GreenChannelAvailabilityDeadline,
        ErrorFeedbackRoute, ErrorFeedbackAnswerDeadline,
        BulkExportAllowed, FreeQueryAllowed,
        OpenNotOpen, OpenUnconditional, OpenOnApplication,
        OpenApplicationDecidedBy, OpenApplicationDeadline, OpenApplicationEligibleApplicants, OpenApplicationAcademicNonProfitOnly,
        OpenDemandAnswerDeadline,
        AuditRetention,
        AfterExpiry,
    ];

    private static readonly Dictionary<string, RuleDefinition> ByKey = All.ToDictionary(d => d.Key, StringComparer.Ordinal);

    /// <summary>The definition with this key, or null.</summary>
    public static RuleDefinition? Find(string key) => ByKey.GetValueOrDefault(key);

    private static RuleDefinition<WorkingDays> DeadlineRule(string key, string title) => new(
        key, title,
        (JsonElement e, out WorkingDays v, out string? error) =>
        {
            v = default;
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var days))
            {
                error = "must be a whole number of working days";
                return false;
            }
            if (days < WorkingDays.Min || days > WorkingDays.Max)
            {
                error = $"must be between {WorkingDays.Min} and {WorkingDays.Max} working days";
                return false;
            }
            v = new WorkingDays(days);
            error = null;
            return true;
        },
        v => JsonValue.Create(v.Days),
        v => v.Days is < WorkingDays.Min or > WorkingDays.Max ? $"must be between {WorkingDays.Min} and {WorkingDays.Max} working days" : null);

    private static RuleDefinition<Months> MonthsRule(string key, string title, int min, int max, RuleCombination combination = RuleCombination.ChildOverrides) => new(
        key, title,
        (JsonElement e, out Months v, out string? error) =>
        {
            v = default;
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var count))
            {
                error = "must be a whole number of months";
                return false;
            }
            if (count < min || count > max)
            {
                error = $"must be between {min} and {max} months";
                return false;
            }
            v = new Months(count);
            error = null;
            return true;
        },
        v => JsonValue.Create(v.Count),
        v => v.Count < min || v.Count > max ? $"must be between {min} and {max} months" : null,
        combination: combination);

    private static RuleDefinition<bool> BoolRule(string key, string title) => new(
        key, title,
        (JsonElement e, out bool v, out string? error) =>
        {
            v = e.ValueKind == JsonValueKind.True;
            error = e.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "must be true or false";
            return error is null;
        },
        v => JsonValue.Create(v),
        format: v => v ? "yes" : "no");

    private static RuleDefinition<TEnum> EnumRule<TEnum>(string key, string title) where TEnum : struct, Enum => new(
        key, title,
        (JsonElement e, out TEnum v, out string? error) =>
        {
            error = null;
            if (TryReadEnum(e, out v)) return true;
            error = $"must be one of {string.Join(", ", Enum.GetNames<TEnum>())}";
            return false;
        },
        v => JsonValue.Create(v.ToString()));

    private static bool TryReadEnum<TEnum>(JsonElement e, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        // Names only: numbers and differently cased names would let a typo pass as a valid route.
        return e.ValueKind == JsonValueKind.String
            && e.GetString() is { } text
            && Enum.GetNames<TEnum>().Contains(text, StringComparer.Ordinal)
            && Enum.TryParse(text, ignoreCase: false, out value);
    }

    private static RuleDefinition<SharingCategory> SharingRule(string key, string title, SharingAccess[] allowed) => new(
        key, title,
        (JsonElement e, out SharingCategory? v, out string? error) =>
        {
            v = null;
            if (e.ValueKind != JsonValueKind.Object)
            {
                error = "must be an object with localName, meaning and access";
                return false;
            }
            if (!TryReadOptionalString(e, "localName", out var localName, out error)) return false;
            if (!TryReadRequiredString(e, "meaning", out var meaning, out error)) return false;
            if (!e.TryGetProperty("access", out var accessElement) || !TryReadEnum<SharingAccess>(accessElement, out var access))
            {
                error = $"access must be one of {string.Join(", ", Enum.GetNames<SharingAccess>())}";
                return false;
            }
            v = new SharingCategory(localName, meaning!, access);
            error = CheckSharing(v, allowed);
            return error is null;
        },
        v => new JsonObject { ["localName"] = v.LocalName, ["meaning"] = v.Meaning, ["access"] = v.Access.ToString() },
        v => CheckSharing(v, allowed),
        v => $"{v.LocalName ?? "(no such category)"} — {v.Access}");

    private static string? CheckSharing(SharingCategory v, SharingAccess[] allowed)
    {
        if (string.IsNullOrWhiteSpace(v.Meaning)) return "meaning is required";
        if (!allowed.Contains(v.Access)) return $"access must be one of {string.Join(", ", allowed)} for this sharing type";
        if (v.Access != SharingAccess.None && string.IsNullOrWhiteSpace(v.LocalName)) return "localName is required for a category that exists";
        return null;
    }

    private static RuleDefinition<OpenCategory> OpenRule(string key, string title, bool mustBeOffered) => new(
        key, title,
        (JsonElement e, out OpenCategory? v, out string? error) =>
        {
            v = null;
            if (e.ValueKind != JsonValueKind.Object)
            {
                error = "must be an object with localName, meaning and offered";
                return false;
            }
            if (!TryReadOptionalString(e, "localName", out var localName, out error)) return false;
            if (!TryReadRequiredString(e, "meaning", out var meaning, out error)) return false;
            if (!e.TryGetProperty("offered", out var offered) || offered.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                error = "offered must be true or false";
                return false;
            }
            v = new OpenCategory(localName, meaning!, offered.GetBoolean());
            error = CheckOpen(v, mustBeOffered);
            return error is null;
        },
        v => new JsonObject { ["localName"] = v.LocalName, ["meaning"] = v.Meaning, ["offered"] = v.Offered },
        v => CheckOpen(v, mustBeOffered),
        v => $"{v.LocalName ?? "(no local term)"} — {(v.Offered ? "offered" : "not offered")}");

    private static string? CheckOpen(OpenCategory v, bool mustBeOffered)
    {
        if (string.IsNullOrWhiteSpace(v.Meaning)) return "meaning is required";
        if (mustBeOffered && !v.Offered) return "offered must be true: data that is not opened always exists";
        return null;
    }

    private static bool ReadDateOfReceipt(JsonElement e, out DateOfReceipt? value, out string? error)
    {
        value = null;
        if (e.ValueKind != JsonValueKind.Object)
        {
            error = "must be an object with kind (CalendarDate or NextWorkingDayAfterHours) and, for the latter, officeClose (HH:mm)";
            return false;
        }
        foreach (var p in e.EnumerateObject())
            if (p.Name is not ("kind" or "officeClose"))
            {
                error = $"{p.Name} is not a field of the date of receipt (kind, officeClose)";
                return false;
            }
        if (!e.TryGetProperty("kind", out var kindElement) || !TryReadEnum<DateOfReceiptKind>(kindElement, out var kind))
        {
            error = $"kind must be one of {string.Join(", ", Enum.GetNames<DateOfReceiptKind>())}";
            return false;
        }
        TimeOnly? close = null;
        if (e.TryGetProperty("officeClose", out var closeElement) && closeElement.ValueKind != JsonValueKind.Null)
        {
            if (closeElement.ValueKind != JsonValueKind.String
                || !TimeOnly.TryParseExact(closeElement.GetString(), "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed))
            {
                error = "officeClose must be a time HH:mm";
                return false;
            }
            close = parsed;
        }
        value = new DateOfReceipt(kind, close);
        error = value.Problem();
        return error is null;
    }

    private static bool ReadApplicants(JsonElement e, out ApplicantTypeSet? value, out string? error)
    {
        value = null;
        if (e.ValueKind != JsonValueKind.Array)
        {
            error = "must be an array of applicant types";
            return false;
        }
        var types = new List<ApplicantType>();
        foreach (var item in e.EnumerateArray())
        {
            if (!TryReadEnum<ApplicantType>(item, out var type))
            {
                error = $"each applicant type must be one of {string.Join(", ", Enum.GetNames<ApplicantType>())}";
                return false;
            }
            types.Add(type);
        }
        value = new ApplicantTypeSet(types);
        error = null;
        return true;
    }

    private static bool TryReadOptionalString(JsonElement e, string name, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!e.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null) return true;
        if (p.ValueKind != JsonValueKind.String)
        {
            error = $"{name} must be a string or null";
            return false;
        }
        value = p.GetString();
        return true;
    }

    private static bool TryReadRequiredString(JsonElement e, string name, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!e.TryGetProperty(name, out var p) || p.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.GetString()))
        {
            error = $"{name} is required";
            return false;
        }
        value = p.GetString();
        return true;
    }
}
