using System.Net.Security;
using GovData.Domain.Calendar;
using GovData.Functions.Calendar;
using GovData.Functions.Errors;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.ReferenceData;

/// <summary>
/// The calendar cache after a year is loaded (Cosmos emulator): a build that read the stored years before the load and
/// finished after it is not kept, and a reader that must see everything stored before an instant (a deadline's recompute)
/// reads again even where another instance's calendar is still cached. Either way a recompute used to read the old year,
/// take the recompute and leave the deadline provisional for good (CalendarApiTests' flaky 30 s wait).
/// </summary>
public sealed class CalendarCacheTests : IAsyncLifetime
{
    private const string Jur = "350800";
    // Received Monday 2026-12-28 10:00, ten working days: provisional until 2027 is loaded, then due 2027-01-13.
    private static readonly DateTimeOffset Received = new(2026, 12, 28, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly CalendarYear Year2027 = CalendarYearJson.Parse(CalendarApiTests.YearBody(2027, 1, "2027-01-09")).Year!;

    private readonly GovDataApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Holds the first query's response back (after the store answered it) until released.</summary>
    private sealed class HoldFirstQuery : RequestHandler
    {
        private int _held;
        public TaskCompletionSource Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (IsQuery(request) && Interlocked.Exchange(ref _held, 1) == 0)
            {
                Answered.TrySetResult();
                await Release.Task;
            }
            return response;
        }

        private static bool IsQuery(RequestMessage request) =>
            string.Equals(request.Headers["x-ms-documentdb-isquery"], "true", StringComparison.OrdinalIgnoreCase)
            || request.Headers.ContentType?.StartsWith("application/query+json", StringComparison.Ordinal) == true;
    }

    // Another client of the app's database, as another instance of the app has, with a handler of the test's.
    private Database OtherClient(RequestHandler? handler = null)
    {
        var options = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            LimitToEndpoint = true,
            Serializer = new CosmosSystemTextJsonSerializer(JsonDefaults.Storage),
            HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            }),
        };
        if (handler is not null) options.CustomHandlers.Add(handler);
        return new CosmosClient(Emulators.Instance.Cosmos.ToString(), Emulators.CosmosKey, options).GetDatabase(_app.Database);
    }

    private static Deadline DueOn(WorkingDayCalendar calendar) => calendar.AddWorkingDays(Received, 10);

    [Fact]
    public async Task A_build_that_read_before_a_load_and_ended_after_it_is_not_kept()
    {
        _ = _app.Services; // the app provisions the database
        var hold = new HoldFirstQuery();
        var calendars = new CalendarService(OtherClient(hold), _app.Time);

        var stale = calendars.GetAsync(CancellationToken.None);
        await hold.Answered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (loaded, errors) = await calendars.LoadAsync(Year2027, "test", CancellationToken.None);
        Assert.Empty(errors);
        Assert.False(DueOn(loaded!).IsProvisional);
        hold.Release.SetResult();
        Assert.True(DueOn(await stale).IsProvisional); // it read the years before the load

        var after = DueOn(await calendars.GetAsync(Jur, CancellationToken.None));
        Assert.False(after.IsProvisional);
        Assert.Equal(new DateOnly(2027, 1, 13), after.DueDate);
    }

    [Fact]
    public async Task A_calendar_read_since_an_instant_has_every_year_stored_before_it_even_where_another_instance_cached_one()
    {
        _ = _app.Services;
        var other = new CalendarService(OtherClient(), _app.Time);
        Assert.True(DueOn(await other.GetAsync(Jur, CancellationToken.None)).IsProvisional);

        var (_, errors) = await _app.Services.GetRequiredService<CalendarService>().LoadAsync(Year2027, "test", CancellationToken.None);
        Assert.Empty(errors);
        var loadedBy = DateTimeOffset.UtcNow;

        // The other instance still answers from its cache, as it may for CacheFor ...
        Assert.True(DueOn(await other.GetAsync(Jur, CancellationToken.None)).IsProvisional);
        // ... but not a reader that must see what was stored before an instant (a recompute ticket).
        var recomputed = DueOn(await other.GetAsync(Jur, loadedBy, CancellationToken.None));
        Assert.False(recomputed.IsProvisional);
        Assert.Equal(new DateOnly(2027, 1, 13), recomputed.DueDate);
    }
}
