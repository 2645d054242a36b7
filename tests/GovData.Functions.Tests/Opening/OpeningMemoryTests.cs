using System.Text;
using GovData.Functions.Opening;
using static GovData.Functions.Tests.Opening.OpeningSamples;

namespace GovData.Functions.Tests.Opening;

public class OpeningMemoryTests
{
    [Fact]
    public async Task Allocation_per_row_stays_small_so_a_million_rows_run_in_flat_memory()
    {
        var text = new StringBuilder(Header).Append("\r\n");
        for (var i = 0; i < 20_000; i++) text.Append(Rows[i % Rows.Length]).Append("\r\n");
        var input = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
        var plan = Plan();
        var pseudonymizer = Pseudonymizer();

        // Until tiered JIT has optimized the loop, unoptimized code allocates temporaries; the steady state is what a million
        // rows see, so warm up and take the smallest of several measured runs. MemoryStream I/O completes synchronously, so
        // each run stays on this thread and the thread's allocation counter sees all of it.
        for (var i = 0; i < 3; i++) await OpenDataTransform.RunAsync(new MemoryStream(input.ToArray()), plan, pseudonymizer, Stream.Null, Stream.Null);
        var allocated = long.MaxValue;
        TransformResult? result = null;
        for (var i = 0; i < 6; i++)
        {
            input.Position = 0;
            var before = GC.GetAllocatedBytesForCurrentThread();
            var task = OpenDataTransform.RunAsync(input, plan, pseudonymizer, Stream.Null, Stream.Null);
            Assert.True(task.IsCompleted);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            result = await task;
            if (i >= 2) await Task.Delay(200); // lets the background JIT finish tier-1 code
        }

        Assert.NotNull(result);
        Assert.True(result.IsClean);
        Assert.Equal(20_000, result.Rows);
        // Fixed costs (buffers of ~1 MiB) dominate; per row it must not grow with the data (strings per value would be ~1 KB/row).
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated:N0} bytes for 20,000 rows");
    }
}
