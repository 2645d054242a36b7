using GovData.Domain.Sharing;
using Microsoft.Azure.Functions.Worker;
using GovData.Functions.Workflow;
using Microsoft.DurableTask;

namespace GovData.Functions.Sharing.Requests;

/// <summary>
/// What a share request's orchestration carries from one execution to the next. <paramref name="Grace"/> is left null by the
/// app (<see cref="ShareRequestWorkflow.FinishedGrace"/> applies); the in-memory orchestration tests shorten it, so the timer
/// that ends a finished request is tested in a second instead of ten minutes. In the input, it stays the same on replay.
/// </summary>
public sealed record ShareWorkflowInput(string Jurisdiction, string RequestId, ShareFiling? Filing, ShareWorkflowStatus Status, TimeSpan? Grace = null);

/// <summary>
/// A share request as a Durable orchestration (001 第十四条, 002 第二十一条, 003 第八条, 004 第十二条): it records the filing,
/// then takes the people's decisions one event at a time, in order, each applied through <see cref="ShareOperations"/> (plan
/// against the stored request, then commit with its follow-ups: the step's statutory deadline started or cancelled, the
/// supervision facts, the audit record), until the request is granted, withdrawn or its refusal upheld. Its custom status
/// says what became of each recent event, which is how the HTTP function that raised one answers. Approve and withdraw
/// raised at once are applied one after the other: the second finds the first's state.
/// </summary>
public static class ShareRequestWorkflow
{
    /// <summary>The orchestrator function's name.</summary>
    public const string Name = "ShareRequest";
    /// <summary>The external event a person's decision arrives as.</summary>
    public const string EventName = "decision";
    /// <summary>Events one execution takes before it continues as new (its history stays short).</summary>
    public const int EventsPerExecution = 16;
    /// <summary>
    /// How long a finished request's orchestration still takes events: one raised just before another event finished the
    /// request is answered (with its refusal) instead of lost with the instance.
    /// </summary>
    public static readonly TimeSpan FinishedGrace = TimeSpan.FromMinutes(10);

    /// <summary>The orchestration instance of request <paramref name="id"/>.</summary>
    public static string InstanceId(string jurisdiction, string id) => $"share:{jurisdiction}:{id}";

    /// <summary>True once nothing more can happen to the request through events.</summary>
    public static bool IsFinished(string state) =>
        state is nameof(ShareRequestState.Granted) or nameof(ShareRequestState.Withdrawn) or nameof(ShareRequestState.Upheld);

    /// <summary>The orchestrator.</summary>
    [Function(Name)]
    public static async Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, ShareWorkflowInput input)
    {
        var status = input.Status;
        if (!status.Filed)
        {
            var state = await context.CallActivityAsync<string>(ShareRequestSteps.RecordFilingStep, input.Filing!, WorkflowSteps.Retried);
            status = status with { Filed = true, State = state };
        }
        for (var n = 0; n < EventsPerExecution; n++)
        {
            context.SetCustomStatus(status);
            ShareEvent e;
            if (IsFinished(status.State))
            {
                using var grace = new CancellationTokenSource();
                var late = context.WaitForExternalEvent<ShareEvent>(EventName, grace.Token);
                var over = context.CreateTimer(context.CurrentUtcDateTime.Add(input.Grace ?? FinishedGrace), grace.Token);
                var first = await Task.WhenAny(late, over);
                grace.Cancel();
                if (first == over) return status.State;
                e = late.Result;
            }
            else e = await context.WaitForExternalEvent<ShareEvent>(EventName);
            var result = await ApplyAsync(context, input, e);
            status = status with { State = result.State, Recent = [.. status.Recent.TakeLast(ShareWorkflowStatus.Kept - 1), result] };
        }
        context.SetCustomStatus(status);
        // Events that arrived meanwhile are carried over to the new execution.
        context.ContinueAsNew(input with { Filing = null, Status = status });
        return status.State;
    }

    // Plan and commit stay two activities: the plan (the request before and after) is then in the orchestration's history, so
    // a commit that dies after storing and is run again still runs the follow-ups that compare before with after. Merged
    // into one activity (tried, 2026-12-03), the rerun finds the event applied and has no "before" left: the crash tests
    // found the decision deadline never cancelled and the answer never counted.
    private static async Task<ShareEventResult> ApplyAsync(TaskOrchestrationContext context, ShareWorkflowInput input, ShareEvent e)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var plan = await context.CallActivityAsync<SharePlan>(ShareRequestSteps.PlanStep, new SharePlanInput(input.Jurisdiction, input.RequestId, e), WorkflowSteps.Retried);
            if (plan.Refusal is not null || plan.Duplicate)
                return new ShareEventResult(e.EventId, e.Name, Applied: false, plan.Duplicate, plan.Refusal, (plan.Before ?? plan.After)?.State.ToString() ?? "");
            // False when the request changed between plan and commit (a deadline fired): plan again on what is stored now.
            if (await context.CallActivityAsync<bool>(ShareRequestSteps.CommitStep, plan, WorkflowSteps.Retried))
                return new ShareEventResult(e.EventId, e.Name, Applied: true, Duplicate: false, null, plan.After!.State.ToString());
        }
        return new ShareEventResult(e.EventId, e.Name, Applied: false, Duplicate: false,
            ShareRefusal.Conflict("the request kept changing while this event was applied; read it again"), "");
    }
}

/// <summary>Where an event is planned: the request's jurisdiction and id, and the event.</summary>
public sealed record SharePlanInput(string Jurisdiction, string RequestId, ShareEvent Event);
