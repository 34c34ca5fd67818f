using Momentary.Host.Configuration;

namespace Momentary.Host.Tests.Configuration;

/// <summary>The marketers' page refuses to start enabled without a credential.</summary>
public sealed class MarketersOptionsValidationTests
{
    [Fact]
    public void Validate_EnabledWithoutTokenOrProxy_OneLineNamingTheSetting()
    {
        var options = new MomentaryOptions { Marketers = { Enabled = true } };

        var result = new MomentaryOptionsValidator().Validate(null, options);

        var line = Assert.Single(result.Failures ?? []);
        Assert.StartsWith("Momentary__Marketers__Token: the marketers' page is enabled without a credential", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, null, null)]
    [InlineData(true, "a-long-enough-token-1234", null)]
    [InlineData(true, null, "X-Forwarded-Email")]
    public void Validate_DisabledOrWithACredential_Valid(bool enabled, string? token, string? proxyHeader)
    {
        var options = new MomentaryOptions { Marketers = { Enabled = enabled, Token = token, TrustedProxyHeader = proxyHeader } };

        Assert.True(new MomentaryOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_ShortToken_Refused()
    {
        var options = new MomentaryOptions { Marketers = { Enabled = true, Token = "short" } };

        Assert.Contains(new MomentaryOptionsValidator().Validate(null, options).Failures ?? [], f => f.StartsWith("Momentary__Marketers__Token: must be at least 16", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AuditLogInAMissingFolder_OneLineNamingTheSetting()
    {
        var options = new MomentaryOptions { Marketers = { Enabled = true, Token = "a-long-enough-token-1234", AuditLog = "/no/such/folder/audit.log" } };

        var line = Assert.Single(new MomentaryOptionsValidator().Validate(null, options).Failures ?? []);
        Assert.StartsWith("Momentary__Marketers__AuditLog: the folder of '/no/such/folder/audit.log' does not exist", line, StringComparison.Ordinal);
    }
}
