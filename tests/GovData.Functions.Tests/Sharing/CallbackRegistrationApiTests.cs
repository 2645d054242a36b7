using System.Net;
using System.Net.Http.Json;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Sharing.Callbacks;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Tests.Sharing;

/// <summary>A DNS the test controls, to play names that resolve inside and names whose answer changes (rebinding).</summary>
internal sealed class ScriptedResolver : IHostAddressResolver
{
    public Dictionary<string, IPAddress[]> Answers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        Task.FromResult(IPAddress.TryParse(host, out var ip) ? [ip] : Answers.TryGetValue(host, out var a) ? a : []);
}

/// <summary>Callback registration: who may, what URLs, and the address checks outside Development (SSRF, issue 7).</summary>
public sealed class CallbackRegistrationApiTests : IDisposable
{
    private readonly ScriptedResolver _dns = new();
    private readonly GovDataApp _app;
    private readonly SharingApi _api;

    public CallbackRegistrationApiTests()
    {
        // The production policy, through the real pipeline: loopback is refused as it is outside Development.
        _app = new GovDataApp
        {
            Settings = { ["Callbacks:AllowLoopback"] = "false", ["Callbacks:MaxAttempts"] = "1" },
            ExtraServices = s => s.AddSingleton<IHostAddressResolver>(_dns),
        };
        _api = new SharingApi(_app);
    }

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("http://127.0.0.1:5000/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.20.0.1/hook")]
    [InlineData("https://192.168.1.20/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://100.64.0.9/hook")]
    [InlineData("https://0.0.0.0/hook")]
    [InlineData("https://224.0.0.1/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    [InlineData("https://user:secret@hooks.example.gov.cn/hook")]
    [InlineData("http://hooks.example.gov.cn/hook")]
    [InlineData("https://inside.example.gov.cn/hook")]
    [InlineData("https://nowhere.example.gov.cn/hook")]
    public async Task Urls_that_reach_inside_or_are_not_https_are_refused_and_nothing_is_stored(string url)
    {
        _dns.Answers["inside.example.gov.cn"] = [IPAddress.Parse("203.0.113.7"), IPAddress.Parse("10.0.0.7")];
        await (await _api.Requester.PostAsJsonAsync("/api/sharing/callback", new { url })).ShouldNameField("url");
        await (await _api.Requester.GetAsync("/api/sharing/callback")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_public_https_url_is_registered_with_a_generated_secret_shown_once_and_only_by_a_data_steward()
    {
        _dns.Answers["hooks.example.gov.cn"] = [IPAddress.Parse("203.0.113.10")];
        var registered = await (await _api.Requester.PostAsJsonAsync("/api/sharing/callback", new { url = "https://hooks.example.gov.cn/govdata" })).ShouldBe(HttpStatusCode.OK);
        Assert.True(registered.GetProperty("secretGenerated").GetBoolean());
        Assert.True(registered.GetProperty("secret").GetString()!.Length >= 40);
        var read = await (await _api.Requester.GetAsync("/api/sharing/callback")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("https://hooks.example.gov.cn/govdata", read.GetProperty("url").GetString());
        Assert.False(read.TryGetProperty("secret", out _));
        // Another department sees its own (none), not this one.
        await (await _api.Outsider.GetAsync("/api/sharing/callback")).ShouldBeProblem(HttpStatusCode.NotFound);

        var auditor = _app.ClientFor(DemoJurisdiction.MarketRegulation, Role.Auditor);
        await (await auditor.PostAsJsonAsync("/api/sharing/callback", new { url = "https://hooks.example.gov.cn/x" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await _api.Requester.PostAsJsonAsync("/api/sharing/callback", new { url = "https://hooks.example.gov.cn/x", secret = "short" })).ShouldNameField("secret");

        await (await _api.Requester.PostAsync("/api/sharing/callback/remove", null)).ShouldBe(HttpStatusCode.NoContent);
        await (await _api.Requester.GetAsync("/api/sharing/callback")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.Requester.PostAsync("/api/sharing/callback/remove", null)).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_name_that_resolves_inside_at_delivery_time_is_not_connected_to()
    {
        using var receiver = new CallbackReceiver();
        _dns.Answers["rebind.example.gov.cn"] = [IPAddress.Parse("203.0.113.20")];
        await (await _api.Requester.PostAsJsonAsync("/api/sharing/callback", new { url = "https://rebind.example.gov.cn/hook" })).ShouldBe(HttpStatusCode.OK);
        // DNS rebinding: after the check at registration the name now points at loopback.
        _dns.Answers["rebind.example.gov.cn"] = [IPAddress.Loopback];
        var guard = _app.Services.GetRequiredService<CallbackTargetGuard>();
        var refused = await Assert.ThrowsAsync<CallbackAddressRefusedException>(() => guard.AddressesAsync("rebind.example.gov.cn", CancellationToken.None));
        Assert.Contains("loopback", refused.Message);

        var sender = _app.Services.GetRequiredService<GovData.Functions.Sharing.ChangeNotices.CallbackSender>();
        var callback = await _app.Services.GetRequiredService<CallbackStore>().FindAsync("350800", DemoJurisdiction.MarketRegulation.Code, CancellationToken.None);
        var outcome = await sender.SendAsync(callback!, new GovData.Functions.Sharing.ChangeNotices.ChangeNoticeDocument
        {
            Id = "notice-test", Jurisdiction = "350800", ChangeId = "c", Kind = GovData.Domain.Sharing.ChangeNotices.ChangeKind.DataChanged,
            Holder = DemoJurisdiction.MarketRegulation.Code, Provider = DemoJurisdiction.PublicSecurity.Code, EntryId = "e", EntryCode = "c", GrantId = "g",
            ChangedAt = _app.Time.GetUtcNow(), NoticeAt = _app.Time.GetUtcNow(),
        }, 1, CancellationToken.None);
        Assert.False(outcome.Delivered);
        Assert.StartsWith("refused:", outcome.Error);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public void Outside_Development_loopback_is_refused_by_default_and_cannot_be_switched_on()
    {
        var options = Options.Create(new CallbackOptions());
        var production = new CallbackTargetGuard(new ScriptedResolver(), options, new FakeEnvironment("Production"));
        var development = new CallbackTargetGuard(new ScriptedResolver(), options, new FakeEnvironment("Development"));
        Assert.False(production.AllowLoopback);
        Assert.True(development.AllowLoopback);

        using var app = new GovDataApp
        {
            EnvironmentName = "Production",
            Settings =
            {
                ["Auth:DevTokens:Enabled"] = "false",
                ["Auth:Authority"] = "https://127.0.0.1:9/tenant/v2.0",
                ["Auth:Audience"] = "api://govdata",
                ["Seed:Demo"] = "false",
                ["Callbacks:AllowLoopback"] = "true",
            },
        };
        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("AllowLoopback", e.ToString());
    }

    [Fact]
    public async Task Outside_Development_a_loopback_url_is_refused_by_the_guard()
    {
        var production = new CallbackTargetGuard(new ScriptedResolver(), Options.Create(new CallbackOptions()), new FakeEnvironment("Production"));
        var (url, errors) = await production.CheckAsync("http://127.0.0.1:8080/hook", CancellationToken.None);
        Assert.Null(url);
        Assert.NotEmpty(errors);
        var development = new CallbackTargetGuard(new ScriptedResolver(), Options.Create(new CallbackOptions()), new FakeEnvironment("Development"));
        Assert.NotNull((await development.CheckAsync("http://127.0.0.1:8080/hook", CancellationToken.None)).Url);
    }

    private sealed class FakeEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "GovData.Functions";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
