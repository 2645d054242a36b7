using System.Text.Json;
using GovData.Domain.Identity;
using Microsoft.JSInterop;

namespace GovData.Portal.Services;

/// <summary>Who is signed in: the bearer token and the claims it was issued for, kept in the tab's sessionStorage.</summary>
public sealed class Session(IJSRuntime js)
{
    private const string Key = "govdata.session";

    /// <summary>The signed-in user, or null for the public.</summary>
    public SignedIn? User { get; private set; }

    /// <summary>Raised when someone signs in or out.</summary>
    public event Action? Changed;

    /// <summary>True when the user holds <paramref name="role"/>.</summary>
    public bool Has(Role role) => User?.Roles.Contains(role) == true;

    /// <summary>True when the user holds any of <paramref name="roles"/>.</summary>
    public bool HasAny(params Role[] roles) => roles.Any(Has);

    /// <summary>Reads the session the tab had.</summary>
    public async Task LoadAsync()
    {
        try
        {
            var text = await js.InvokeAsync<string?>("sessionStorage.getItem", Key);
            if (!string.IsNullOrEmpty(text)) User = JsonSerializer.Deserialize<SignedIn>(text, Api.Json);
            // An expired token would only earn 401s: the tab starts signed out instead.
            if (User is not null && User.ExpiresAt <= DateTimeOffset.UtcNow) await SignOutAsync();
        }
        catch (JSException) { User = null; }
    }

    /// <summary>Signs <paramref name="user"/> in.</summary>
    public async Task SignInAsync(SignedIn user)
    {
        User = user;
        await js.InvokeVoidAsync("sessionStorage.setItem", Key, JsonSerializer.Serialize(user, Api.Json));
        Changed?.Invoke();
    }

    /// <summary>Forgets the token.</summary>
    public async Task SignOutAsync()
    {
        User = null;
        await js.InvokeVoidAsync("sessionStorage.removeItem", Key);
        Changed?.Invoke();
    }
}

/// <summary>A signed-in user: the token and what it says; <paramref name="Federated"/> when it came from the sign-in provider (统一身份认证).</summary>
public sealed record SignedIn(string Token, string UserId, string Department, string DepartmentName, string Jurisdiction, IReadOnlyList<Role> Roles, DateTimeOffset ExpiresAt, string? Name = null, bool Federated = false)
{
    /// <summary>How the user is named on pages: the display name the provider gave, else the user id.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? UserId : Name;

    /// <summary>Where the user lands after signing in without a page to return to.</summary>
    public string Landing =>
        Roles.Contains(Role.PublicApplicant) ? "applications" : Roles.Contains(Role.Auditor) && Roles.Count == 1 ? "audit" : "work";
}
