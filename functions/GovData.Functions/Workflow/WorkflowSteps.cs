using Microsoft.DurableTask;

namespace GovData.Functions.Workflow;

/// <summary>How orchestrations call their activities.</summary>
public static class WorkflowSteps
{
    /// <summary>
    /// Every activity is retried: 8 attempts, 2 s then doubling up to 2 min (about 6 minutes in all). A step that failed
    /// because a store did not answer in time (a burst of 1,000 deadlines due at once timed out Azurite) would otherwise fail
    /// the whole orchestration, and with it a statutory deadline or a share request, for good. The steps are idempotent
    /// (ids derived from the operation, ETags), so running one again is safe.
    /// </summary>
    public static TaskOptions Retried { get; } = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(2)));
}
