using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GovData.Functions.Hosting;

/// <summary>
/// Named points between the writes and messages of a multi-step operation (a state written, its message not yet sent),
/// where the crash tests stop the handler as if its process died. Production does nothing at them.
/// </summary>
public interface ICrashPoints
{
    /// <summary>The operation has reached <paramref name="point"/> (e.g. <c>sharing.file.stored</c>).</summary>
    ValueTask HitAsync(string point, CancellationToken cancellationToken);
}

/// <summary>The production crash points: none.</summary>
public sealed class NoCrashPoints : ICrashPoints
{
    /// <inheritdoc />
    public ValueTask HitAsync(string point, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>Registers the crash-point seam.</summary>
public static class CrashPointExtensions
{
    /// <summary>Adds the no-op <see cref="ICrashPoints"/> unless one is registered already.</summary>
    public static IServiceCollection AddCrashPoints(this IServiceCollection services)
    {
        services.TryAddSingleton<ICrashPoints, NoCrashPoints>();
        return services;
    }
}
