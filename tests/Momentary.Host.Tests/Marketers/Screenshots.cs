using Microsoft.Playwright;

namespace Momentary.Host.Tests.Marketers;

/// <summary>
/// Screenshots the browser tests take: always to a temp folder, and to <c>MOMENTARY_SCREENSHOTS</c> when set (that is
/// how docs/images/marketers-*.png are refreshed: <c>MOMENTARY_SCREENSHOTS=docs/images dotnet test ...</c>).
/// </summary>
internal static class Screenshots
{
    public static string Folder { get; } = Directory.CreateTempSubdirectory("marketers-screenshots-").FullName;

    public static async Task<string> TakeAsync(IPage page, string name, ILocator? element = null)
    {
        var path = Path.Combine(Folder, $"marketers-{name}.png");
        if (element is null)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }
        else
        {
            await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        }

        if (Environment.GetEnvironmentVariable("MOMENTARY_SCREENSHOTS") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            File.Copy(path, Path.Combine(keep, Path.GetFileName(path)), overwrite: true);
        }

        return path;
    }
}
