using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using GovData.Domain.Labels;

namespace GovData.Functions.Errors;

/// <summary>The JSON settings of the API and of stored documents, kept in one place so both agree on names and enums.</summary>
public static class JsonDefaults
{
    /// <summary>
    /// For request and response bodies: unknown fields are refused (so a body cannot set status, owner,
    /// version or timestamps), enums are names only, and nullability is enforced.
    /// </summary>
    public static void ConfigureApi(JsonSerializerOptions o)
    {
        // Before the name-only enum converter: a body may name an enum value by its Chinese label too (无条件共享).
        o.Converters.Add(new LabelledEnumConverterFactory());
        ConfigureCommon(o);
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.RespectNullableAnnotations = true;
        o.RespectRequiredConstructorParameters = true;
    }

    /// <summary>The API's settings as an instance (<see cref="ConfigureApi"/>), for bodies read and written outside minimal APIs.</summary>
    public static JsonSerializerOptions Api { get; } = CreateApi();

    private static JsonSerializerOptions CreateApi()
    {
        var o = new JsonSerializerOptions();
        ConfigureApi(o);
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    /// <summary>For stored documents, which also carry the store's system properties (_etag, _ts, ...).</summary>
    public static JsonSerializerOptions Storage { get; } = CreateStorage();

    private static JsonSerializerOptions CreateStorage()
    {
        var o = new JsonSerializerOptions();
        ConfigureCommon(o);
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    private static void ConfigureCommon(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.DictionaryKeyPolicy = null;
        o.PropertyNameCaseInsensitive = false;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        o.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        o.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        o.MaxDepth = 32;
    }

    /// <summary>
    /// Reads an enum value from its English name or its Chinese label (<see cref="ZhLabels"/>), and writes the name: the
    /// name-only converter does everything else, so names, refusals and their messages stay as they were.
    /// </summary>
    private sealed class LabelledEnumConverterFactory : JsonConverterFactory
    {
        private static readonly JsonStringEnumConverter Names = new(namingPolicy: null, allowIntegerValues: false);

        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum && ZhLabels.Of(typeToConvert).Count > 0;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(Labelled<>).MakeGenericType(typeToConvert), Names.CreateConverter(typeToConvert, options))!;

        private sealed class Labelled<T>(JsonConverter inner) : JsonConverter<T> where T : struct, Enum
        {
            private readonly JsonConverter<T> _names = (JsonConverter<T>)inner;

            public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                reader.TokenType == JsonTokenType.String && ZhLabels.TryParseLabel<T>(reader.GetString(), out var value)
                    ? value
                    : _names.Read(ref reader, typeToConvert, options);

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => _names.Write(writer, value, options);

            public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                _names.ReadAsPropertyName(ref reader, typeToConvert, options);

            public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
                _names.WriteAsPropertyName(writer, value, options);
        }
    }
}
