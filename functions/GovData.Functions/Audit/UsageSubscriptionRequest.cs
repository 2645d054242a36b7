using GovData.Domain.Audit;

namespace GovData.Functions.Audit;

/// <summary>The body of PUT /api/audit/usage/subscription.</summary>
/// <param name="Frequency">Weekly or Monthly.</param>
/// <param name="Format">csv or jsonl.</param>
public sealed record UsageSubscriptionRequest(UsageReportFrequency? Frequency, string? Format);
