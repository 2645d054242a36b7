namespace GovData.Functions.Tests.Infrastructure;

/// <summary>Waits for work the app does asynchronously (orchestrations, queue functions) to show, polling with a bounded timeout.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until it returns a value (not null/default), or fails after <paramref name="timeout"/> (30 s).</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (value is not null && !EqualityComparer<T>.Default.Equals(value, default!)) return value;
            if (DateTime.UtcNow > until) throw new TimeoutException($"the condition did not hold within {timeout ?? TimeSpan.FromSeconds(30)}");
            await Task.Delay(100);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, or fails after <paramref name="timeout"/> (30 s).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null) =>
        await ValueAsync(async () => await condition() ? (object)true : null, timeout);
}
