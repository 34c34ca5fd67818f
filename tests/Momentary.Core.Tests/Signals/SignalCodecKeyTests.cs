using System.Text;
using Momentary.Core.Signals;

namespace Momentary.Core.Tests.Signals;

/// <summary>Decoding with the record key at hand (not hostile input: kept out of SignalCodecTests, whose theories feed the contracts' corpus).</summary>
public sealed class SignalCodecKeyTests
{
    [Theory]
    [InlineData("jane")]
    [InlineData("\\u006Aane")] // escaped in the JSON: still equal to the key once unescaped
    public void TryDecode_CustomerIdEqualToTheKey_IsTheKeysInstance(string customerIdJson)
    {
        var key = new string("jane".AsSpan()); // not the interned literal
        var json = $$"""{"kind":"location","id":"s1","customerId":"{{customerIdJson}}","ts":"2026-11-24T10:30:00Z","lat":1,"lon":2}""";
        Assert.True(SignalCodec.TryDecode(Encoding.UTF8.GetBytes(json), key, out var signal, out var error), error?.Message);
        Assert.Same(key, signal!.CustomerId);
        Assert.True(SignalCodec.TryDecode(Encoding.UTF8.GetBytes(json), out var plain, out _));
        Assert.Equal(plain, signal);
    }

    [Theory]
    [InlineData("amy")]
    [InlineData(null)]
    public void TryDecode_KeyDiffersFromCustomerId_ReadsTheBodysCustomerId(string? key)
    {
        var json = """{"kind":"social","action":"check-in","venueId":"aurora","id":"s3","customerId":"jane","ts":"2026-11-24T10:30:00Z"}""";
        Assert.True(SignalCodec.TryDecode(Encoding.UTF8.GetBytes(json), key, out var signal, out var error), error?.Message);
        var social = Assert.IsType<SocialEvent>(signal);
        Assert.Equal(("jane", SocialAction.CheckIn), (social.CustomerId, social.Action));
    }
}
