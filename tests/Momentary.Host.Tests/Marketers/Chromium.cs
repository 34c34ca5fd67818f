using Microsoft.Playwright;

namespace Momentary.Host.Tests.Marketers;

/// <summary>
/// Debian's headless Chromium (tests/run.sh installs the <c>chromium</c> package) driven by Playwright: its node driver
/// ships in the Microsoft.Playwright package and is copied next to the tests (<c>.playwright/</c>), so nothing is
/// downloaded; the browser is the system's, by path (<c>MOMENTARY_CHROMIUM</c> overrides <c>/usr/bin/chromium</c>).
/// </summary>
internal static class Chromium
{
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("MOMENTARY_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: tests/run.sh installs Debian's chromium package");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return (playwright, browser);
    }
}
