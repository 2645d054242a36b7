using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace GovData.Functions.Workflow;

/// <summary>
/// A statutory deadline as a Durable orchestration: waits with a durable timer for the reminder instant, then for the due
/// instant, running the deadline kind's handler at each (activities in <see cref="DeadlineSteps"/>); a <c>cancel</c> event
/// (the work was done in time) ends it, a <c>recompute</c> event (a calendar year was loaded, or the app's clock moved)
/// re-derives its instants. Every instant comes from the input or an activity, so replay is deterministic. Its custom
/// status is the deadline as it stands, which is what <see cref="StatutoryDeadlines"/> reads and lists.
/// </summary>
public static class DeadlineWorkflow
{
    /// <summary>The orchestrator function's name.</summary>
    public const string Name = "StatutoryDeadline";
    /// <summary>The event that cancels the deadline.</summary>
    public const string Cancel = "cancel";
    /// <summary>The event that makes it recompute (payload: the ticket it then reports).</summary>
    public const string Recompute = "recompute";

    /// <summary>Steps (reminder, recomputes) one execution takes before it continues as new, to keep its history short.</summary>
    public const int StepsPerExecution = 16;

    /// <summary>The orchestrator.</summary>
    [Function(Name)]
    public static async Task<DeadlineTimer> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, DeadlineTimer timer)
    {
        for (var step = 0; step < StepsPerExecution; step++)
        {
            context.SetCustomStatus(timer);
            // A reminder whose deadline has passed too is not sent: the deadline's own step follows at once.
            var reminding = timer.Reminding && context.CurrentUtcDateTime < timer.EngineDueAt.UtcDateTime;
            using var waits = new CancellationTokenSource();
            var fire = context.CreateTimer((reminding ? timer.EngineRemindAt!.Value : timer.EngineDueAt).UtcDateTime, waits.Token);
            var cancel = context.WaitForExternalEvent<object?>(Cancel, waits.Token);
            var recompute = context.WaitForExternalEvent<long>(Recompute, waits.Token);
            var first = await Task.WhenAny(fire, cancel, recompute);
            // A durable timer left running would keep the instance alive until it fired.
            waits.Cancel();

            if (first == cancel)
                return Close(context, timer with { State = TimerState.Cancelled, ClosedAt = context.CurrentUtcDateTime });
            if (first == recompute)
            {
                // A follow-up raise of a ticket already taken (see StatutoryDeadlines.RecomputeBehindAsync) changes nothing.
                if (recompute.Result <= timer.Ticket) continue;
                timer = await context.CallActivityAsync<DeadlineTimer>(DeadlineSteps.RecomputeStep, timer with { Ticket = recompute.Result }, WorkflowSteps.Retried);
                continue;
            }
            if (reminding)
            {
                await context.CallActivityAsync(DeadlineSteps.RemindStep, timer, WorkflowSteps.Retried);
                timer = timer with { Reminded = true };
                continue;
            }
            await context.CallActivityAsync(DeadlineSteps.DueStep, timer, WorkflowSteps.Retried);
            return Close(context, timer with { Reminded = true, State = TimerState.Fired, ClosedAt = context.CurrentUtcDateTime });
        }
        // Events that arrived meanwhile are carried over to the new execution.
        context.ContinueAsNew(timer);
        return timer;
    }

    private static DeadlineTimer Close(TaskOrchestrationContext context, DeadlineTimer timer)
    {
        context.SetCustomStatus(timer);
        return timer;
    }
}
