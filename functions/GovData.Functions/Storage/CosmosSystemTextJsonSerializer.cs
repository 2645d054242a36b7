using System.Text.Json;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Storage;

/// <summary>Lets Cosmos documents use the same System.Text.Json settings as the HTTP API, instead of the SDK's Newtonsoft default.</summary>
public sealed class CosmosSystemTextJsonSerializer(JsonSerializerOptions options) : CosmosSerializer
{
    /// <inheritdoc />
    public override T FromStream<T>(Stream stream)
    {
        using (stream)
        {
            if (typeof(Stream).IsAssignableFrom(typeof(T))) return (T)(object)stream;
            return JsonSerializer.Deserialize<T>(stream, options)!;
        }
    }

    /// <inheritdoc />
    public override Stream ToStream<T>(T input)
    {
        var stream = new MemoryStream();
        JsonSerializer.Serialize(stream, input, options);
        stream.Position = 0;
        return stream;
    }
}
