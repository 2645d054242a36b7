using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace GovData.Domain.Calendar;

/// <summary>The JSON form of a <see cref="CalendarYear"/>, used by the built-in files and by the DataAuthority's uploads.</summary>
/// <remarks>
/// Shape: {"year":2026,"source":"…","version":1,"holidays":[{"date":"2026-01-01","name":"元旦"}],"adjustedWorkingDays":[{"date":"2026-01-04","name":"元旦调休"}]}.
/// Parsing is strict (unknown fields are errors, so a misspelt list is not silently empty) and never throws on bad input.
/// </remarks>
public static class CalendarYearJson
{
    private static readonly string[] Fields = ["year", "source", "version", "holidays", "adjustedWorkingDays"];
    private static readonly string[] DayFields = ["date", "name"];

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>The year and no errors when the text is a well-formed, valid year; otherwise no year and every error, each with the field it concerns.</summary>
    public static (CalendarYear? Year, IReadOnlyList<ValidationError> Errors) Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return (null, [new("body", "is empty: a calendar year object is required")]);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return (null, [new("body", $"is not valid JSON: {e.Message}")]);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, [new("body", "must be a JSON object")]);
            var errors = new List<ValidationError>();
            UnknownFields(root, Fields, "", errors);
            var year = Int(root, "year", errors);
            var source = String(root, "source", "source", errors);
            var version = Int(root, "version", errors);
            var holidays = Days(root, "holidays", errors);
            var adjusted = Days(root, "adjustedWorkingDays", errors);
            if (errors.Count > 0) return (null, errors);
            var parsed = new CalendarYear(year!.Value, source!, version!.Value, holidays!, adjusted!);
            var invalid = CalendarYearValidator.Validate(parsed);
            return invalid.Count > 0 ? (null, invalid) : (parsed, []);
        }
    }

    /// <summary>The year in the same JSON shape <see cref="Parse"/> reads (LoadedAt is not part of it).</summary>
    public static string Write(CalendarYear year)
    {
        ArgumentNullException.ThrowIfNull(year);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("year", year.Year);
            writer.WriteString("source", year.Source);
            writer.WriteNumber("version", year.Version);
            WriteDays(writer, "holidays", year.Holidays);
            WriteDays(writer, "adjustedWorkingDays", year.AdjustedWorkingDays);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteDays(Utf8JsonWriter writer, string name, IReadOnlyList<NamedDate> days)
    {
        writer.WriteStartArray(name);
        foreach (var day in days)
        {
            writer.WriteStartObject();
            writer.WriteString("date", day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.WriteString("name", day.Name);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void UnknownFields(JsonElement obj, string[] known, string prefix, List<ValidationError> errors)
    {
        foreach (var property in obj.EnumerateObject())
            if (!known.Contains(property.Name, StringComparer.Ordinal))
                errors.Add(new(prefix + property.Name, $"is not a known field (expected {string.Join(", ", known)})"));
    }

    private static int? Int(JsonElement obj, string name, List<ValidationError> errors)
    {
        if (!obj.TryGetProperty(name, out var value)) return Missing<int?>(name, errors);
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
        errors.Add(new(name, "must be an integer"));
        return null;
    }

    private static string? String(JsonElement obj, string name, string field, List<ValidationError> errors)
    {
        if (!obj.TryGetProperty(name, out var value)) return Missing<string?>(field, errors);
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        errors.Add(new(field, "must be a string"));
        return null;
    }

    private static List<NamedDate>? Days(JsonElement obj, string name, List<ValidationError> errors)
    {
        if (!obj.TryGetProperty(name, out var value)) return Missing<List<NamedDate>?>(name, errors);
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(name, "must be an array of {\"date\":\"yyyy-MM-dd\",\"name\":\"…\"}"));
            return null;
        }
        var days = new List<NamedDate>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var field = $"{name}[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(field, "must be an object with date and name"));
                continue;
            }
            UnknownFields(item, DayFields, field + ".", errors);
            var text = String(item, "date", field + ".date", errors);
            var dayName = String(item, "name", field + ".name", errors);
            DateOnly date = default;
            if (text is not null && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                errors.Add(new(field + ".date", $"'{text}' is not a date in the form yyyy-MM-dd"));
                continue;
            }
            if (text is not null && dayName is not null) days.Add(new NamedDate(date, dayName));
        }
        return days;
    }

    private static T Missing<T>(string field, List<ValidationError> errors)
    {
        errors.Add(new(field, "is required"));
        return default!;
    }
}
