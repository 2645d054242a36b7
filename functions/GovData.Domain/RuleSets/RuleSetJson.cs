using System.Collections.Immutable;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace GovData.Domain.RuleSets;

/// <summary>A parsed rule set file, or why it could not be read.</summary>
public sealed record RuleSetParseResult(RuleSet? RuleSet, IReadOnlyList<ValidationError> Errors);

/// <summary>A parsed amendment body, or why it could not be read (before the amendment itself is validated).</summary>
public sealed record AmendmentParseResult(RuleSetAmendment? Amendment, IReadOnlyList<ValidationError> Errors);

/// <summary>
/// Reads rule set files and amendment bodies, and writes rule sets and effective rules as JSON. Reading
/// never throws on bad input: it returns validation errors naming the field.
/// </summary>
public static class RuleSetJson
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        // Local names and quotes are Chinese; escaping them would make the output unreadable.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private static readonly JsonDocumentOptions ReadOptions = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 };

    private static readonly string[] AmendmentFields = ["basedOnVersion", "reason", "effectiveFrom", "rules", "validity"];

    /// <summary>
    /// Reads an amendment body: <c>{"basedOnVersion": 1, "reason": "…", "effectiveFrom": "2026-12-01",
    /// "rules": {"shareDecision.deadline": {"value": 7, "basis": {"file": "…", "article": "第…条"}},
    /// "dispute.deadline": {"inherit": true}}, "validity": {"from": …, "until": …, "basis": {…}, "note": "…"}}</c>.
    /// Who amends, for which jurisdiction and on which day come from the caller, not the body.
    /// </summary>
    public static AmendmentParseResult ParseAmendment(string? json, string jurisdiction, string amendedBy, DateOnly recordedOn)
    {
        var errors = new List<ValidationError>();
        if (!TryParseObject(json, errors, out var document)) return new(null, errors);
        using (document)
        {
            var root = document.RootElement;
            foreach (var property in root.EnumerateObject())
                if (!AmendmentFields.Contains(property.Name, StringComparer.Ordinal))
                    errors.Add(new(property.Name, "is not a field of an amendment"));

            var basedOn = 0;
            if (!root.TryGetProperty("basedOnVersion", out var basedOnElement)) errors.Add(new("basedOnVersion", "is required"));
            else if (basedOnElement.ValueKind != JsonValueKind.Number || !basedOnElement.TryGetInt32(out basedOn) || basedOn < 1)
                errors.Add(new("basedOnVersion", "must be a positive whole number"));

            var reason = ReadString(root, "reason", errors, required: true) ?? "";
            var effectiveFrom = ReadDate(root, "effectiveFrom", errors) ?? recordedOn;

            var changes = new List<RuleChange>();
            if (root.TryGetProperty("rules", out var rules))
            {
                if (rules.ValueKind != JsonValueKind.Object) errors.Add(new("rules", "must be an object keyed by rule"));
                else
                    foreach (var entry in rules.EnumerateObject())
                        if (ReadChange(entry, errors) is { } change) changes.Add(change);
            }

            ValidityChange? validity = null;
            if (root.TryGetProperty("validity", out var validityElement))
            {
                if (validityElement.ValueKind != JsonValueKind.Object) errors.Add(new("validity", "must be an object with from, until, basis and note"));
                else
                {
                    CheckFields(validityElement, "validity", ["from", "until", "basis", "note"], errors);
                    validity = new ValidityChange(
                        ReadDate(validityElement, "from", errors, "validity."),
                        ReadDate(validityElement, "until", errors, "validity."),
                        ReadCitation(validityElement, "basis", "validity.basis", errors),
                        ReadString(validityElement, "note", errors, required: false, "validity."));
                }
            }

            if (errors.Count > 0) return new(null, errors);
            return new(new RuleSetAmendment
            {
                Jurisdiction = jurisdiction,
                BasedOnVersion = basedOn,
                Reason = reason,
                AmendedBy = amendedBy,
                RecordedOn = recordedOn,
                EffectiveFrom = effectiveFrom,
                Changes = changes,
                Validity = validity,
            }, errors);
        }
    }

    /// <summary>
    /// Reads a jurisdiction's rule set file (version 1). Every rule must appear: with a value and the
    /// article it comes from, with a value and the reason it is a platform default, or (for a city) as
    /// silent so the parent's rule applies.
    /// </summary>
    public static RuleSetParseResult ParseRuleSet(string? json)
    {
        var errors = new List<ValidationError>();
        if (!TryParseObject(json, errors, out var document)) return new(null, errors);
        using (document)
        {
            var root = document.RootElement;
            CheckFields(root, "", ["jurisdiction", "name", "parent", "regulation", "validity", "rules"], errors);
            var code = ReadString(root, "jurisdiction", errors, required: true);
            if (code is not null && JurisdictionCode.Validate(code) is { } badCode) errors.Add(new("jurisdiction", badCode));
            var name = ReadString(root, "name", errors, required: true);
            var parent = ReadString(root, "parent", errors, required: false);
            if (parent is not null && JurisdictionCode.Validate(parent) is { } badParent) errors.Add(new("parent", badParent));

            RegulationRef? regulation = null;
            if (root.TryGetProperty("regulation", out var reg) && reg.ValueKind == JsonValueKind.Object)
            {
                var file = ReadString(reg, "file", errors, required: true, "regulation.");
                var title = ReadString(reg, "title", errors, required: true, "regulation.");
                if (file is not null && title is not null) regulation = new RegulationRef(file, title);
            }
            else errors.Add(new("regulation", "is required: an object with file and title"));

            Validity? validity = null;
            if (root.TryGetProperty("validity", out var val) && val.ValueKind == JsonValueKind.Object && regulation is not null)
            {
                CheckFields(val, "validity", ["from", "until", "article", "quote", "note"], errors);
                var article = ReadString(val, "article", errors, required: false, "validity.");
                validity = new Validity(
                    ReadDate(val, "from", errors, "validity."),
                    ReadDate(val, "until", errors, "validity."),
                    article is null ? null : new Citation(regulation.File, article, ReadString(val, "quote", errors, required: false, "validity.")),
                    ReadString(val, "note", errors, required: false, "validity."));
            }
            else if (regulation is not null) errors.Add(new("validity", "is required"));

            var rules = ImmutableDictionary.CreateBuilder<string, IRule>(StringComparer.Ordinal);
            var notes = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("rules", out var rulesElement) && rulesElement.ValueKind == JsonValueKind.Object && regulation is not null)
            {
                foreach (var entry in rulesElement.EnumerateObject())
                    ReadBuiltInRule(entry, regulation, parent, rules, notes, errors);
                foreach (var definition in RuleKeys.All)
                    if (!rulesElement.TryGetProperty(definition.Key, out _))
                        errors.Add(new($"rules.{definition.Key}", "is missing: give the value with its article, a platform default with its reason, or mark it silent"));
            }
            else if (regulation is not null) errors.Add(new("rules", "is required"));

            if (errors.Count > 0 || code is null || name is null || regulation is null || validity is null) return new(null, errors);
            return new(new RuleSet
            {
                Jurisdiction = code,
                Name = name,
                Parent = parent,
                Version = 1,
                Regulation = regulation,
                Validity = validity,
                EffectiveFrom = validity.From ?? DateOnly.MinValue,
                Rules = rules.ToImmutable(),
                SilenceNotes = notes.ToImmutable(),
            }, errors);
        }
    }

    /// <summary>The effective rules as JSON: every rule's value and where it comes from, the versions used and the expiry status.</summary>
    public static string WriteEffective(EffectiveRuleSet effective)
    {
        var rules = new JsonObject();
        foreach (var rule in effective.Rules) rules[rule.Key] = WriteRule(rule);
        var json = new JsonObject
        {
            ["jurisdiction"] = effective.Jurisdiction,
            ["name"] = effective.Name,
            ["version"] = effective.Version,
            ["stamp"] = effective.Stamp.ToString(),
            ["on"] = Date(effective.On),
            ["status"] = effective.Status.ToString(),
            ["expired"] = effective.Expired,
            ["afterExpiry"] = effective.AfterExpiry,
            ["chain"] = new JsonArray(effective.Chain.Select(r => (JsonNode?)new JsonObject
            {
                ["ruleSet"] = r.Ref.ToString(),
                ["regulation"] = $"{r.Regulation.File} {r.Regulation.Title}",
                ["validFrom"] = Date(r.ValidFrom),
                ["validUntil"] = Date(r.ValidUntil),
                ["expired"] = r.Validity.IsExpiredOn(effective.On),
            }).ToArray()),
            ["rules"] = rules,
        };
        return json.ToJsonString(WriteOptions);
    }

    /// <summary>One rule set version as JSON: its own rules with their origins, its silences and who amended it.</summary>
    public static string WriteRuleSet(RuleSet ruleSet)
    {
        var rules = new JsonObject();
        foreach (var definition in RuleKeys.All)
        {
            rules[definition.Key] = ruleSet.Rules.TryGetValue(definition.Key, out var rule)
                ? WriteRule(rule)
                : new JsonObject { ["silent"] = ruleSet.SilenceNotes.GetValueOrDefault(definition.Key) };
        }
        var json = new JsonObject
        {
            ["jurisdiction"] = ruleSet.Jurisdiction,
            ["name"] = ruleSet.Name,
            ["parent"] = ruleSet.Parent,
            ["version"] = ruleSet.Version,
            ["ruleSet"] = ruleSet.Ref.ToString(),
            ["regulation"] = new JsonObject { ["file"] = ruleSet.Regulation.File, ["title"] = ruleSet.Regulation.Title },
            ["validity"] = new JsonObject
            {
                ["from"] = Date(ruleSet.ValidFrom),
                ["until"] = Date(ruleSet.ValidUntil),
                ["source"] = ruleSet.Validity.Source?.ToString(),
                ["note"] = ruleSet.Validity.Note,
            },
            ["effectiveFrom"] = Date(ruleSet.EffectiveFrom),
            ["amendment"] = ruleSet.Amendment is { } a
                ? new JsonObject
                {
                    ["amendedBy"] = a.AmendedBy,
                    ["recordedOn"] = Date(a.RecordedOn),
                    ["reason"] = a.Reason,
                    ["changed"] = new JsonArray(a.ChangedKeys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray()),
                }
                : null,
            ["rules"] = rules,
        };
        return json.ToJsonString(WriteOptions);
    }

    private static JsonObject WriteRule(IRule rule)
    {
        var definition = RuleKeys.Find(rule.Key)!;
        return new JsonObject
        {
            ["value"] = definition.Write(rule.BoxedValue),
            ["display"] = definition.Format(rule.BoxedValue),
            ["source"] = rule.Origin.Describe(),
            ["label"] = Labels.RuleLabels.Name(rule.Key),
            ["displayZh"] = Labels.RuleLabels.Display(rule.BoxedValue),
            ["sourceZh"] = Labels.RuleLabels.Source(rule.Origin),
            ["origin"] = WriteOrigin(rule.Origin),
        };
    }

    private static JsonObject WriteOrigin(RuleOrigin origin)
    {
        var json = new JsonObject { ["kind"] = origin.Kind.ToString(), ["citation"] = WriteCitation(origin.Citation) };
        switch (origin)
        {
            case RuleOrigin.Inherited i:
                json["from"] = $"{i.FromJurisdiction}@v{i.FromVersion}";
                json["localNote"] = i.LocalNote;
                json["parentOrigin"] = WriteOrigin(i.ParentOrigin);
                break;
            case RuleOrigin.ParentMinimum m:
                json["from"] = $"{m.FromJurisdiction}@v{m.FromVersion}";
                json["parentOrigin"] = WriteOrigin(m.ParentOrigin);
                json["localValue"] = m.LocalValue;
                json["localOrigin"] = WriteOrigin(m.LocalOrigin);
                break;
            case RuleOrigin.PlatformDefault d:
                json["reason"] = d.Reason;
                break;
            case RuleOrigin.Amendment a:
                json["ruleSet"] = $"{a.Jurisdiction}@v{a.Version}";
                json["effectiveFrom"] = Date(a.EffectiveFrom);
                json["amendedBy"] = a.AmendedBy;
                json["reason"] = a.Reason;
                break;
        }
        return json;
    }

    private static JsonObject? WriteCitation(Citation? citation) => citation is null
        ? null
        : new JsonObject { ["file"] = citation.RegulationFile, ["article"] = citation.Article, ["quote"] = citation.Quote, ["text"] = citation.ToString() };

    private static void ReadBuiltInRule(JsonProperty entry, RegulationRef regulation, string? parent,
        ImmutableDictionary<string, IRule>.Builder rules, ImmutableDictionary<string, string>.Builder notes, List<ValidationError> errors)
    {
        var field = $"rules.{entry.Name}";
        var definition = RuleKeys.Find(entry.Name);
        if (definition is null)
        {
            errors.Add(new(field, "is not a rule"));
            return;
        }
        var e = entry.Value;
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(field, "must be an object"));
            return;
        }
        CheckFields(e, field, ["value", "article", "quote", "default", "silent"], errors);
        if (e.TryGetProperty("silent", out var silent))
        {
            if (parent is null) errors.Add(new(field, "cannot be silent: there is no parent to inherit from, give a platform default"));
            if (e.TryGetProperty("value", out _)) errors.Add(new(field, "is silent and cannot also have a value"));
            if (silent.ValueKind == JsonValueKind.String) notes[entry.Name] = silent.GetString()!;
            else if (silent.ValueKind != JsonValueKind.Null) errors.Add(new(field + ".silent", "must be a note (string) or null"));
            return;
        }
        if (!e.TryGetProperty("value", out var valueElement))
        {
            errors.Add(new(field + ".value", "is required unless the rule is marked silent"));
            return;
        }
        if (!definition.TryRead(valueElement, out var value, out var error))
        {
            errors.Add(new(field + ".value", error!));
            return;
        }
        var article = ReadString(e, "article", errors, required: false, field + ".");
        var reason = ReadString(e, "default", errors, required: false, field + ".");
        // Every value says where it comes from: an article of this jurisdiction's text, or an explicit platform default.
        RuleOrigin? origin = (article, reason) switch
        {
            ({ } a, null) => new RuleOrigin.Regulation(new Citation(regulation.File, a, ReadString(e, "quote", errors, required: false, field + "."))),
            (null, { } r) => new RuleOrigin.PlatformDefault(r),
            (null, null) => null,
            _ => null,
        };
        if (origin is null)
        {
            errors.Add(new(field, article is null ? "needs an article or a platform-default reason" : "cannot have both an article and a platform-default reason"));
            return;
        }
        if (origin.Citation?.Problem() is { } citationProblem) errors.Add(new(field + ".article", citationProblem));
        rules[entry.Name] = definition.Create(value!, origin);
    }

    private static RuleChange? ReadChange(JsonProperty entry, List<ValidationError> errors)
    {
        var field = $"rules.{entry.Name}";
        var definition = RuleKeys.Find(entry.Name);
        if (definition is null)
        {
            errors.Add(new(field, "is not a rule; see RuleKeys.All for the rules a rule set holds"));
            return null;
        }
        var e = entry.Value;
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(field, "must be an object with value and optionally basis, or {\"inherit\": true}"));
            return null;
        }
        CheckFields(e, field, ["value", "basis", "inherit"], errors);
        if (e.TryGetProperty("inherit", out var inherit))
        {
            if (inherit.ValueKind != JsonValueKind.True) errors.Add(new(field + ".inherit", "must be true when given"));
            else if (e.TryGetProperty("value", out _)) errors.Add(new(field, "cannot both inherit and have a value"));
            else return RuleChange.Inherit(definition);
            return null;
        }
        if (!e.TryGetProperty("value", out var valueElement))
        {
            errors.Add(new(field + ".value", "is required"));
            return null;
        }
        if (!definition.TryRead(valueElement, out var value, out var error))
        {
            errors.Add(new(field, error!));
            return null;
        }
        var basis = ReadCitation(e, "basis", field + ".basis", errors);
        return new RuleChange(entry.Name, value, basis);
    }

    private static Citation? ReadCitation(JsonElement parent, string name, string field, List<ValidationError> errors)
    {
        if (!parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(field, "must be an object with file, article and optionally quote"));
            return null;
        }
        CheckFields(e, field, ["file", "article", "quote"], errors);
        var file = ReadString(e, "file", errors, required: true, field + ".");
        var article = ReadString(e, "article", errors, required: true, field + ".");
        var quote = ReadString(e, "quote", errors, required: false, field + ".");
        if (file is null || article is null) return null;
        var citation = new Citation(file, article, quote);
        if (citation.Problem() is { } problem)
        {
            errors.Add(new(field, problem));
            return null;
        }
        return citation;
    }

    private static bool TryParseObject(string? json, List<ValidationError> errors, out JsonDocument document)
    {
        document = null!;
        if (string.IsNullOrWhiteSpace(json))
        {
            errors.Add(new("body", "the body is empty"));
            return false;
        }
        try
        {
            document = JsonDocument.Parse(json, ReadOptions);
        }
        catch (JsonException ex)
        {
            errors.Add(new("body", $"is not valid JSON: {ex.Message}"));
            return false;
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            errors.Add(new("body", "must be a JSON object"));
            return false;
        }
        return true;
    }

    private static void CheckFields(JsonElement e, string path, string[] allowed, List<ValidationError> errors)
    {
        foreach (var property in e.EnumerateObject())
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                errors.Add(new(path.Length == 0 ? property.Name : $"{path}.{property.Name}", "is not a known field"));
    }

    private static string? ReadString(JsonElement e, string name, List<ValidationError> errors, bool required, string prefix = "")
    {
        if (!e.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add(new(prefix + name, "is required"));
            return null;
        }
        if (p.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(prefix + name, "must be a string"));
            return null;
        }
        var text = p.GetString();
        if (required && string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new(prefix + name, "is required"));
            return null;
        }
        return text;
    }

    private static DateOnly? ReadDate(JsonElement e, string name, List<ValidationError> errors, string prefix = "")
    {
        if (!e.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null) return null;
        if (p.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(p.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        errors.Add(new(prefix + name, "must be a date written yyyy-MM-dd"));
        return null;
    }

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
