using GovData.Domain.Jurisdictions;

namespace GovData.Portal.Services;

/// <summary>The units (departments) of the jurisdiction by code, for names on pages and charts: GET /api/jurisdictions/{code}.</summary>
public sealed class Units(Api api, PortalOptions options)
{
    private Dictionary<string, string>? _names;

    /// <summary>Every unit: code and name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> AllAsync()
    {
        if (_names is not null) return _names;
        try
        {
            var j = await api.GetAsync<JurisdictionView>($"api/jurisdictions/{options.Jurisdiction}");
            _names = j.Units.ToDictionary(u => u.Code, u => u.Name);
        }
        catch (ApiProblem)
        {
            // The public has no token: the demo units' names are known to the domain.
            return DemoJurisdiction.Units.ToDictionary(u => u.Code, u => u.Name);
        }
        return _names;
    }

    /// <summary>The name of unit <paramref name="code"/>, or the code.</summary>
    public async Task<string> NameAsync(string? code) => code is null ? "—" : (await AllAsync()).GetValueOrDefault(code, code);

    private sealed record JurisdictionView(string Code, string Name, IReadOnlyList<Department> Units);
}
