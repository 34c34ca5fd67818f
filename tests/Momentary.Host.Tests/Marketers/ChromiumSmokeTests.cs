namespace Momentary.Host.Tests.Marketers;
public sealed class ChromiumSmokeTests
{
    [Fact]
    public async Task Smoke()
    {
        var (pw, browser) = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<p id='x'>hello</p>");
        Assert.Equal("hello", await page.InnerTextAsync("#x"));
        await browser.DisposeAsync();
        pw.Dispose();
    }
}
