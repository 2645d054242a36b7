using GovData.Domain.Aggregation;

namespace GovData.Domain.Tests.Aggregation;

public class QualityThresholdTests
{
    [Theory]
    [InlineData(100, 5, 0.05, QualityDecision.Accepted)]
    [InlineData(100, 6, 0.05, QualityDecision.Rejected)]
    [InlineData(1_000_000, 50_000, 0.05, QualityDecision.Accepted)]
    [InlineData(1_000_000, 50_001, 0.05, QualityDecision.Rejected)]
    [InlineData(10, 0, 0, QualityDecision.Accepted)]
    [InlineData(10, 1, 0, QualityDecision.Rejected)]
    [InlineData(10, 10, 1, QualityDecision.Accepted)]
    [InlineData(0, 0, 0.05, QualityDecision.Rejected)]
    public void Accepts_when_the_failed_ratio_is_at_most_the_threshold(long total, long failed, double threshold, QualityDecision expected) =>
        Assert.Equal(expected, QualityThreshold.Decide(total, failed, threshold));
}
