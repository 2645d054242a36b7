using System.Text.Json.Nodes;
using GovData.Domain.Labels;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GovData.Functions.Errors;

/// <summary>
/// Describes the enumerations that also take their Chinese labels (<see cref="JsonDefaults"/>'s converter): the OpenAPI schema
/// lists the English names, as the answers write them, and its description gives each name's label, which requests may send
/// instead. (A custom converter leaves the schema generator nothing to describe on its own.)
/// </summary>
internal sealed class LabelledEnumSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var labels = underlying.IsEnum ? ZhLabels.Of(underlying) : null;
        if (labels is not { Count: > 0 }) return Task.CompletedTask;
        schema.Type = underlying == type ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
        schema.Enum = Enum.GetNames(underlying).Select(n => (JsonNode)JsonValue.Create(n)).ToList();
        schema.Description = "中文名称（请求中可代替英文名称）：" + string.Join("，", Enum.GetNames(underlying).Select(n => $"{n} = {labels[n]}"));
        return Task.CompletedTask;
    }
}
