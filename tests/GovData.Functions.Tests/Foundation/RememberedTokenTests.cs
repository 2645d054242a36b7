using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using GovData.Functions.Identity;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GovData.Functions.Tests.Foundation;

/// <summary>
/// The app remembers a token it validated (issue 15: validation was ~10 % of a read's CPU); what it lets through again is
/// only that very token, within its lifetime as the app's clock reads it, and never for longer than a minute.
/// </summary>
public sealed class RememberedTokenTests : IAsyncLifetime
{
    private readonly GovDataApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpStatusCode> GetWith(string token)
    {
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/jurisdictions/350800")).StatusCode;
    }

    private string Sign(TimeSpan lifetime, string key = SignedTokens.DevKey, string? department = null) =>
        SignedTokens.Sign(_app.Time.GetUtcNow().UtcDateTime, d =>
        {
            d.Expires = d.NotBefore!.Value + lifetime;
            if (department is not null) d.Claims["dept"] = department;
        }, key);

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_expired_even_within_the_minute()
    {
        // Expires in 10 s; with the 30 s clock skew it is good until 40 s from now, well inside the minute it is remembered.
        var token = Sign(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, await GetWith(token));
        _app.Time.Advance(TimeSpan.FromSeconds(39));
        Assert.Equal(HttpStatusCode.OK, await GetWith(token));
        _app.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetWith(token));
    }

    [Fact]
    public async Task Only_the_token_that_passed_is_let_through_again()
    {
        var token = Sign(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, await GetWith(token));
        // The same claims signed with another key, and the remembered token with its signature altered.
        Assert.Equal(HttpStatusCode.Unauthorized, await GetWith(Sign(TimeSpan.FromHours(1), key: "an-attacker-key-that-is-long-enough-for-hmac-sha256!!")));
        var altered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        Assert.Equal(HttpStatusCode.Unauthorized, await GetWith(altered));
        Assert.Equal(HttpStatusCode.OK, await GetWith(token));
    }

    [Fact]
    public void The_app_validates_bearer_tokens_through_the_remembering_handler()
    {
        var options = _app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        Assert.NotEmpty(options.TokenHandlers);
        Assert.All(options.TokenHandlers, h => Assert.IsType<RememberingTokenHandler>(h));
    }

    [Fact]
    public async Task A_validly_signed_token_with_a_bad_claim_is_refused_every_time()
    {
        var token = Sign(TimeSpan.FromHours(1), department: "not-a-credit-code");
        Assert.Equal(HttpStatusCode.Unauthorized, await GetWith(token));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetWith(token));
    }
}

/// <summary>The remembering handler on its own, around a handler that counts what it is asked (pure, no I/O).</summary>
public sealed class RememberingTokenHandlerTests
{
    private sealed class CountingHandler(bool valid) : TokenHandler
    {
        public int Calls;

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult(valid
                ? new TokenValidationResult
                {
                    IsValid = true,
                    SecurityToken = new JsonWebToken(new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Expires = DateTime.UtcNow.AddHours(1), Subject = new ClaimsIdentity([new Claim("sub", token)]) })),
                    ClaimsIdentity = new ClaimsIdentity([new Claim("sub", token)], "Bearer"),
                }
                : new TokenValidationResult { IsValid = false, Exception = new SecurityTokenInvalidSignatureException("bad") });
        }
    }

    private static readonly TokenValidationParameters Parameters = new() { ClockSkew = TimeSpan.FromSeconds(30) };

    // A clock that can be set back (FakeTimeProvider cannot), as a system clock stepped back by time sync can.
    private sealed class SettableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task A_clock_set_back_before_the_validation_validates_again()
    {
        var time = new SettableTime(DateTimeOffset.UtcNow);
        var inner = new CountingHandler(valid: true);
        var handler = new RememberingTokenHandler(inner, time);
        await handler.ValidateTokenAsync("t", Parameters);
        time.Now -= TimeSpan.FromMinutes(5);
        await handler.ValidateTokenAsync("t", Parameters);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task A_token_is_validated_once_a_minute_and_each_caller_gets_its_own_identity()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var inner = new CountingHandler(valid: true);
        var handler = new RememberingTokenHandler(inner, time);

        var first = await handler.ValidateTokenAsync("t1", Parameters);
        var second = await handler.ValidateTokenAsync("t1", Parameters);
        Assert.True(first.IsValid && second.IsValid);
        Assert.Equal(1, inner.Calls);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("t1", second.ClaimsIdentity.FindFirst("sub")!.Value);
        second.ClaimsIdentity.AddClaim(new Claim("added", "by a caller"));
        Assert.Null((await handler.ValidateTokenAsync("t1", Parameters)).ClaimsIdentity.FindFirst("added"));

        await handler.ValidateTokenAsync("t2", Parameters);
        Assert.Equal(2, inner.Calls);

        time.Advance(RememberingTokenHandler.MaxAge);
        await handler.ValidateTokenAsync("t1", Parameters);
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task A_refused_token_is_not_remembered()
    {
        var inner = new CountingHandler(valid: false);
        var handler = new RememberingTokenHandler(inner, new FakeTimeProvider(DateTimeOffset.UtcNow));
        Assert.False((await handler.ValidateTokenAsync("t", Parameters)).IsValid);
        Assert.False((await handler.ValidateTokenAsync("t", Parameters)).IsValid);
        Assert.Equal(2, inner.Calls);
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task The_memory_is_bounded()
    {
        var handler = new RememberingTokenHandler(new CountingHandler(valid: true), new FakeTimeProvider(DateTimeOffset.UtcNow));
        for (var i = 0; i <= RememberingTokenHandler.Capacity; i++) await handler.ValidateTokenAsync("t" + i, Parameters);
        Assert.InRange(handler.Count, 1, RememberingTokenHandler.Capacity);
    }
}
