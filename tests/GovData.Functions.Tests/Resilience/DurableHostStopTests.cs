using Azure.Data.Tables;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Calendar;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Workflow;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Resilience;

/// <summary>
/// Stopping the local host lets go of its Durable partition before it returns, so the instance that replaces it (a restart
/// keeps the worker id) is the only worker on the task hub. The stop used to return while the worker still waited for its
/// extended sessions, and the old worker released the lease seconds later, after its successor had claimed it under the
/// same id: the successor then dropped the control queue it listened to (CrashTests' restart, a flaky 30 s wait).
/// </summary>
public sealed class DurableHostStopTests
{
    private const string Jur = "350800";

    [Fact]
    public async Task A_stopped_app_has_released_its_partition_and_the_next_one_runs_the_hub()
    {
        var first = new GovDataApp();
        var calendar = await first.Services.GetRequiredService<CalendarService>().GetAsync(CancellationToken.None);
        var id = "stop:" + Guid.NewGuid().ToString("N");
        await first.WithDurableClientAsync(s => s.GetRequiredService<StatutoryDeadlines>().ScheduleAsync(id, Jur, "test.kind", "test/subject",
            DemoJurisdiction.PublicSecurity.Code, calendar.AddWorkingDays(GovDataApp.DefaultNow, 10), "rule", calendar));
        // Once its orchestration has run a step, the worker keeps it in an extended session (what held the old stop up).
        await Eventually.TrueAsync(async () =>
            (await first.DurableClient.GetInstanceAsync(StatutoryDeadlines.InstanceId(Jur, id)))?.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await first.DisposeAsync();

        var partitions = new TableClient(Emulators.Instance.Table, first.TaskHub + "Partitions", new TableSharedKeyCredential("devstoreaccount1", Emulators.StorageKey));
        var leases = new List<TableEntity>();
        await foreach (var lease in partitions.QueryAsync<TableEntity>()) leases.Add(lease);
        Assert.NotEmpty(leases);
        Assert.All(leases, l => Assert.True(string.IsNullOrEmpty(l.GetString("CurrentOwner")),
            $"partition {l.RowKey} still owned by {l.GetString("CurrentOwner")} after the app stopped"));

        await using var second = new GovDataApp { Database = first.Database };
        await second.WithDurableClientAsync(async s =>
        {
            await s.GetRequiredService<StatutoryDeadlines>().CancelAsync(Jur, id, CancellationToken.None);
            return true;
        });
        await second.DeadlineInStateAsync(Jur, id, TimerState.Cancelled);
    }
}
