using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace GovData.Functions.Errors;

/// <summary>
/// Enforces a per-endpoint body size limit (default 256 KiB; uploads declare their own with
/// <see cref="IRequestSizeLimitMetadata"/>) the same way under Kestrel and under the test host.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    /// <summary>The limit for endpoints that do not declare one.</summary>
    public const long DefaultLimit = 256 * 1024;

    /// <summary>Checks the declared length, then counts the bytes actually read.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var declared = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
        Apply(context, declared is null ? DefaultLimit : declared.MaxRequestBodySize);
        await next(context);
    }

    /// <summary>Applies <paramref name="limit"/> (null: none) to the request: refuses a declared length over it, counts what is read.</summary>
    public static void Apply(HttpContext context, long? limit)
    {
        // A declared length over the limit is refused before the server's own limit is lowered, so Kestrel can still read
        // and discard the body after the 413 and the client receives the answer instead of a reset connection.
        if (context.Request.ContentLength > limit)
            throw new BadHttpRequestException($"The request body is larger than the {limit} bytes this endpoint accepts.", StatusCodes.Status413PayloadTooLarge);
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = limit;
        if (limit is not null && context.Request.ContentLength is null && (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method) || HttpMethods.IsPatch(context.Request.Method)))
            context.Request.Body = new LimitedStream(context.Request.Body, limit.Value);
    }

    private sealed class LimitedStream(Stream inner, long limit) : Streams.ReadOnlyForwardStream
    {
        private long _read;
        protected override long ReadSoFar => _read;
        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        private int Count(int n)
        {
            _read += n;
            if (_read > limit)
                throw new BadHttpRequestException($"The request body is larger than the {limit} bytes this endpoint accepts.", StatusCodes.Status413PayloadTooLarge);
            return n;
        }
    }
}
