using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

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
}
