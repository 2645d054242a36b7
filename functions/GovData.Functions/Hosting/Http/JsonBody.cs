using System.Text.Json;
using GovData.Functions.Errors;
using Microsoft.Net.Http.Headers;

namespace GovData.Functions.Hosting.Http;

/// <summary>Reads an HTTP function's JSON body with the API's settings; what cannot be read becomes the same 400/415 problem everywhere.</summary>
public static class JsonBody
{
    /// <summary>
    /// The body as <typeparamref name="T"/>; null when there is none and <paramref name="optional"/>. A body that is not JSON
    /// is refused with 415; malformed JSON throws <see cref="JsonException"/>, which the gate answers with 400 naming the field.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, bool optional, CancellationToken ct) where T : class
    {
        var empty = request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey(HeaderNames.TransferEncoding));
        if (empty)
            return optional ? (null, null) : (null, Problems.Validation("body", "is required (application/json)"));
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !(type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, type: Problems.TypeOf("unsupported-media-type"),
                title: "Unsupported media type", detail: "The body must be application/json."));
        var value = await JsonSerializer.DeserializeAsync<T>(request.Body, JsonDefaults.Api, ct);
        return value is null && !optional ? (null, Problems.Validation("body", "must be a JSON object")) : (value, null);
    }
}
