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

        // Warm up (JIT, static tables), then measure on this thread: MemoryStream I/O completes synchronously, so the run stays on it.
        await OpenDataTransform.RunAsync(new MemoryStream(input.ToArray()), plan, pseudonymizer, Stream.Null, Stream.Null);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var task = OpenDataTransform.RunAsync(input, plan, pseudonymizer, Stream.Null, Stream.Null);
        Assert.True(task.IsCompleted);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var result = await task;

        Assert.True(result.IsClean);
        Assert.Equal(20_000, result.Rows);
        // Fixed costs (buffers of ~1 MiB) dominate; per row it must not grow with the data (strings per value would be ~1 KB/row).
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated:N0} bytes for 20,000 rows");
    }
}
