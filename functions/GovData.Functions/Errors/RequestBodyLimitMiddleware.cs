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
        long? limit = declared is null ? DefaultLimit : declared.MaxRequestBodySize;
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit)
            throw new BadHttpRequestException($"The request body is larger than the {limit} bytes this endpoint accepts.", StatusCodes.Status413PayloadTooLarge);
        if (limit is not null && context.Request.ContentLength is null && (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method) || HttpMethods.IsPatch(context.Request.Method)))
            context.Request.Body = new LimitedStream(context.Request.Body, limit.Value);
        await next(context);
    }

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n)
        {
            _read += n;
            if (_read > limit)
                throw new BadHttpRequestException($"The request body is larger than the {limit} bytes this endpoint accepts.", StatusCodes.Status413PayloadTooLarge);
            return n;
        }
    }
}
