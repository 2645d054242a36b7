using GovData.Domain.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace GovData.Functions.Identity;

/// <summary>Registers JWT bearer authentication (Entra ID in Azure, the dev issuer in Development) and the role policies.</summary>
public static class IdentityServiceExtensions
{
    /// <summary>Adds authentication and authorization. Every endpoint needs a valid token unless it opts out explicitly.</summary>
    public static IServiceCollection AddGovDataIdentity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName));
        var devTokens = auth.DevTokens.Enabled;
        if (devTokens && !environment.IsDevelopment())
            throw new InvalidOperationException("Auth:DevTokens:Enabled is set outside the Development environment; dev tokens are for local runs only.");
        if (!devTokens && (string.IsNullOrEmpty(auth.Authority) || string.IsNullOrEmpty(auth.Audience)))
            throw new InvalidOperationException("Auth:Authority and Auth:Audience must be set (Entra ID), or Auth:DevTokens:Enabled in Development.");

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = GovDataClaims.Subject,
                RoleClaimType = GovDataClaims.Roles,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidateLifetime = true,
                ValidateIssuer = true,
                ValidateAudience = true,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            if (devTokens)
            {
                o.TokenValidationParameters.ValidIssuer = auth.DevTokens.Issuer;
                o.TokenValidationParameters.ValidAudience = auth.DevTokens.Audience;
                o.TokenValidationParameters.IssuerSigningKey = DevTokenIssuer.KeyFrom(auth.DevTokens);
                o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            }
            else
            {
                o.Authority = auth.Authority;
                o.Audience = auth.Audience;
                // The provider's keys are fetched over https; plain http only from this machine (a test's own provider).
                o.RequireHttpsMetadata = !IsLoopbackHttp(auth.Authority);
                o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256];
            }
            o.Events = new JwtBearerEvents
            {
                // A token that is validly signed but lacks a department, jurisdiction or known role is still refused.
                OnTokenValidated = ctx =>
                {
                    if (CallerExtensions.TryCreate(ctx.Principal!, out var error) is null) ctx.Fail(error!);
                    return Task.CompletedTask;
                },
            };
        });

        // Token lifetimes are judged by the app's clock, the same one that issues dev tokens and stamps deadlines.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((o, time) =>
        {
            o.TimeProvider = time;
            var skew = o.TokenValidationParameters.ClockSkew;
            o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return expires is not null && expires.Value.ToUniversalTime() > now - skew
                    && (notBefore is null || notBefore.Value.ToUniversalTime() <= now + skew);
            };
            // A token is validated once a minute per instance, not on every call (RememberingTokenHandler says why and how).
            var handlers = o.TokenHandlers.ToList();
            o.TokenHandlers.Clear();
            foreach (var handler in handlers) o.TokenHandlers.Add(new RememberingTokenHandler(handler, time));
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddRolePolicies();
        if (devTokens) services.AddSingleton<DevTokenIssuer>();
        return services;
    }

    private static bool IsLoopbackHttp(string? authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback;

    private static Microsoft.AspNetCore.Authorization.AuthorizationBuilder AddRolePolicies(this Microsoft.AspNetCore.Authorization.AuthorizationBuilder builder)
    {
        foreach (var role in Enum.GetValues<Role>())
            builder.AddPolicy(Policies.For(role), p => p.RequireAuthenticatedUser().RequireRole(role.ToString()));
        return builder;
    }
}

/// <summary>Names of the authorization policies, one per role.</summary>
public static class Policies
{
    /// <summary>The policy that requires <paramref name="role"/>.</summary>
    public static string For(Role role) => "role:" + role;

    /// <summary>Requires one of the given roles on an endpoint.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params Role[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(p => p.RequireAuthenticatedUser().RequireRole(roles.Select(r => r.ToString())));
}
