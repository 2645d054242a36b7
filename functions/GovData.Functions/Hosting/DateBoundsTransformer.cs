using System.Text.Json.Nodes;
using GovData.Functions.Errors;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GovData.Functions.Hosting;

/// <summary>States <see cref="DateBounds"/> on every date and date-time parameter of the OpenAPI document: in its description and as <c>x-minimum</c> / <c>x-maximum</c>.</summary>
internal sealed class DateBoundsTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var path in document.Paths?.Values ?? Enumerable.Empty<IOpenApiPathItem>())
            foreach (var operation in path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    if (parameter.Schema is not OpenApiSchema { Format: "date" or "date-time" } schema) continue;
                    var first = schema.Format == "date" ? DateBounds.First.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : DateBounds.First.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T00:00:00+08:00";
                    var last = schema.Format == "date" ? DateBounds.Last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : DateBounds.Last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T23:59:59.9999999+08:00";
                    schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                    schema.Extensions["x-minimum"] = new JsonNodeExtension(JsonValue.Create(first));
                    schema.Extensions["x-maximum"] = new JsonNodeExtension(JsonValue.Create(last));
                    parameter.Description = (parameter.Description is { Length: > 0 } d ? d + " " : "") + $"A {schema.Format} {DateBounds.Range} (China time); outside that range the answer is 400.";
                }
        return Task.CompletedTask;
    }
}
