using System.Diagnostics;
using Microsoft.Playwright;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace GovData.Portal.Tests.Infrastructure;

/// <summary>
/// One headless chromium for the test run: Debian's <c>chromium</c> package driven by Playwright (Playwright's own browser
/// download cannot be reached from here). <c>GOVDATA_CHROMIUM</c> names another executable; tools/test.sh installs the package
/// when it is missing and the machine allows it.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    /// <summary>The browser.</summary>
    public IBrowser Instance { get; private set; } = default!;

    /// <summary>Where screenshots go when <c>GOVDATA_SCREENSHOTS</c> names a folder (docs/screenshots); null: none are taken.</summary>
    public static string? ScreenshotFolder => Environment.GetEnvironmentVariable("GOVDATA_SCREENSHOTS") is { Length: > 0 } d ? Path.GetFullPath(d) : null;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        // The app boots in the browser (WebAssembly) and the machine has 2 cores: wait for pages longer than Playwright's 5 s.
        Assertions.SetDefaultExpectTimeout(30_000);
        var args = new List<string> { "--disable-gpu", "--disable-dev-shm-usage", "--lang=zh-CN" };
        if (Environment.UserName == "root") args.Add("--no-sandbox");
        Instance = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = FindChromium(), Headless = true, Args = args });
    }

    /// <summary>A new browser context (one person: their own session storage) at <paramref name="width"/> px.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Instance is not null) await Instance.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>The chromium executable: GOVDATA_CHROMIUM, else chromium (Debian), chromium-browser or google-chrome on the PATH.</summary>
    public static string FindChromium()
    {
        if (Environment.GetEnvironmentVariable("GOVDATA_CHROMIUM") is { Length: > 0 } configured) return configured;
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var path = Path.Combine(dir, name);
                if (File.Exists(path)) return path;
            }
        }
        throw new InvalidOperationException("No chromium to drive: install Debian's package (apt-get install -y chromium; tools/test.sh does this as root) or set GOVDATA_CHROMIUM to a Chromium executable.");
    }
}

/// <summary>The browser tests share one chromium and run one at a time (2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<Browser>
{
    public const string Name = "Portal";
}
