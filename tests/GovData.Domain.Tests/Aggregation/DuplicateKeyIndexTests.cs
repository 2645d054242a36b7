using GovData.Domain.Aggregation;

namespace GovData.Domain.Tests.Aggregation;

public class DuplicateKeyIndexTests
{
    private static UInt128 Key(string value)
    {
        var hasher = DuplicateKeyIndex.Hasher();
        hasher.Add(value);
        return hasher.Finish();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Finds_every_repeat_across_growth_and_reports_the_first_row(bool presized)
    {
        var index = new DuplicateKeyIndex();
        if (presized) index.EnsureCapacity(50_000);
        for (var i = 0; i < 50_000; i++) Assert.Null(index.Add(Key($"3508{i}"), i + 2));
        Assert.Equal(50_000, index.Count);
        for (var i = 0; i < 50_000; i += 997) Assert.Equal(i + 2, index.Add(Key($"3508{i}"), 100_000 + i));
        Assert.Equal(50_000, index.Count);
    }
}
